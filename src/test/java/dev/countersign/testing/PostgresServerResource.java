package dev.countersign.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.util.Map;

/**
 * Points the application under test at a throwaway {@link PostgresServer} when the test run was
 * built for PostgreSQL ({@code -Dquarkus.datasource.db-kind=postgresql}, as the {@code postgresql}
 * surefire execution does); in every other run it does nothing and the tests use in-memory H2.
 * Registered for every {@code @QuarkusTest}, so tagging a class {@code @Tag("postgresql")} is all it
 * takes to run it on PostgreSQL too.
 */
@WithTestResource(value = PostgresServerResource.class, scope = TestResourceScope.GLOBAL)
public class PostgresServerResource implements QuarkusTestResourceLifecycleManager {
    /** The JUnit tag of the test classes the {@code postgresql} surefire execution reruns. */
    public static final String TAG = "postgresql";

    private PostgresServer server;

    /** Whether this test run was built for PostgreSQL. */
    public static boolean requested() {
        return "postgresql".equals(System.getProperty("quarkus.datasource.db-kind"));
    }

    @Override
    public Map<String, String> start() {
        if (!requested()) {
            return Map.of();
        }
        server = PostgresServer.start();
        return Map.of(
                "quarkus.datasource.jdbc.url", server.jdbcUrl(),
                "quarkus.datasource.username", server.username(),
                "quarkus.datasource.password", server.password());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
