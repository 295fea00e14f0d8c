package dev.countersign;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.testing.PackagedApp;
import dev.countersign.testing.PostgresServer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The PostgreSQL deployment as docs/deployment/postgresql.md describes it: the package built with
 * {@code -Dquarkus.datasource.db-kind=postgresql}, given a JDBC URL, user, password, master key and
 * admin token, migrates a real PostgreSQL database and reports ready; the default package refuses
 * a PostgreSQL URL (ADR 0001).
 */
@DisabledIfSystemProperty(named = "countersign.postgresql.skip", matches = "true")
class PostgresqlPackageIT {
    private static final String MASTER_KEY = "Y291bnRlcnNpZ24taXQtbWFzdGVyLWtleS0zMmJ5dGU=";
    private static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdefghij";

    @Nested
    @DisplayName("docs/deployment/postgresql.md: the package built for PostgreSQL")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class PostgresqlPackage {
        private PostgresServer database;
        private PackagedApp app;

        @BeforeAll
        void start() {
            database = PostgresServer.start();
            app = PackagedApp.postgresql(database)
                    .environment("COUNTERSIGN_MASTER_KEY", MASTER_KEY)
                    .environment("COUNTERSIGN_ADMIN_TOKEN", ADMIN_TOKEN)
                    .start();
        }

        @AfterAll
        void stop() {
            if (app != null) {
                app.close();
            }
            database.close();
        }

        @Test
        void answersReadyWithTheDatabaseUp() {
            given().baseUri(app.baseUri().toString())
                    .when()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"));
        }

        @Test
        void migratesThePostgresqlDatabase() throws SQLException {
            try (Connection connection =
                            DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery(
                            "select count(*) from flyway_schema_history where version = '1' and success")) {
                assertTrue(row.next());
                assertTrue(row.getInt(1) == 1, "V1 applied to PostgreSQL");
            }
        }

        @Test
        void keepsNoEmbeddedDatabaseOrGeneratedKey() {
            assertFalse(Files.exists(app.workDir().resolve("data/countersign.mv.db")), "no H2 file");
            assertFalse(Files.exists(app.workDir().resolve("data/master.key")), "the configured key is used");
        }
    }

    @Nested
    @DisplayName("docs/deployment/postgresql.md: the master key is required")
    class MasterKeyRequired {
        @Test
        void refusesToStartWithoutAMasterKeyAndSealsNoSigningKey() throws SQLException {
            try (PostgresServer database = PostgresServer.start()) {
                IllegalStateException failure = assertThrows(
                        IllegalStateException.class,
                        () -> PackagedApp.postgresql(database)
                                .environment("COUNTERSIGN_ADMIN_TOKEN", ADMIN_TOKEN)
                                .start());
                assertTrue(
                        failure.getMessage().contains("countersign.master-key (COUNTERSIGN_MASTER_KEY) is not set"),
                        failure.getMessage());
                // It may stop before or after the migrations; either way no signing key is stored.
                try (Connection connection = DriverManager.getConnection(
                                database.jdbcUrl(), database.username(), database.password());
                        Statement statement = connection.createStatement();
                        ResultSet row = statement.executeQuery("select count(*) from information_schema.tables"
                                + " where table_name = 'signing_keys'")) {
                    assertTrue(row.next());
                    if (row.getInt(1) == 1) {
                        try (ResultSet keys = statement.executeQuery("select count(*) from signing_keys")) {
                            assertTrue(keys.next());
                            assertEquals(0, keys.getInt(1), "no signing key sealed with a key of this process alone");
                        }
                    }
                }
            }
        }
    }

    @Nested
    @DisplayName("ADR 0001 database kind chosen at build time")
    class DefaultPackage {
        @Test
        void refusesToStartWithAPostgresqlUrl() {
            try (PostgresServer database = PostgresServer.start()) {
                IllegalStateException failure = assertThrows(
                        IllegalStateException.class,
                        () -> PackagedApp.embedded()
                                .property("quarkus.datasource.jdbc.url", database.jdbcUrl())
                                .start());
                assertTrue(
                        failure.getMessage().contains("Driver does not support the provided URL"),
                        failure.getMessage());
            }
        }
    }
}
