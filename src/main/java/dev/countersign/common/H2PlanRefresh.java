package dev.countersign.common;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes the embedded H2 database plan its statements again as its tables grow.
 *
 * <p>H2 plans a prepared statement once and keeps it in the connection's statement cache
 * ({@code QUERY_CACHE_SIZE}) until the schema changes; the cost of each index comes from the
 * table's row count at that moment. A statement first prepared while its table was young (at a
 * first start, every table is empty) keeps the plan chosen for a handful of rows: for
 * {@code … where id = ? and state = 'PENDING' and expires_at > ?} the {@code (state, expires_at)}
 * index looked as cheap as the primary key, and once thousands of requests were pending every such
 * update walked all of them (measured: 0.9–1.1 ms per update at 2,000 rows against 0.035 ms for the
 * same statement planned on the grown table).
 *
 * <p>Every two seconds this reads the tables' row counts; when one has at least doubled since the
 * last refresh (from {@value #SMALLEST} rows), it runs a {@code SET} statement, which makes H2
 * prepare every cached statement of every connection again at its next use. A table growing to a
 * million rows causes about twenty refreshes. Active for every H2 database; PostgreSQL plans each
 * execution itself.
 */
@ApplicationScoped
public class H2PlanRefresh {
    private static final Logger LOG = Logger.getLogger(H2PlanRefresh.class);

    /** Below this many rows a table's plans do not matter. */
    static final long SMALLEST = 64;

    private final boolean active;
    private final H2SideConnection connection;
    private final Map<String, Long> plannedAt = new HashMap<>();

    H2PlanRefresh(
            @ConfigProperty(name = "quarkus.datasource.db-kind") String dbKind,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.active = "h2".equals(dbKind) && url.isPresent();
        this.connection = new H2SideConnection(url.orElse(null), username.orElse(""), password.orElse(""));
    }

    @BackgroundJob
    @Scheduled(identity = "h2-plan-refresh", every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void checkGrowth() {
        if (!active) {
            return;
        }
        try {
            if (grew(rowCounts())) {
                refresh();
            }
        } catch (SQLException e) {
            // Plans stay as they are until the next check; nothing is lost.
            closeQuietly();
            LOG.debugf("Could not check the H2 tables' growth: %s", e.getMessage());
        }
    }

    /**
     * Whether a table has at least doubled since its statements were last planned (and has reached
     * {@link #SMALLEST} rows); remembers the new counts when so.
     */
    boolean grew(Map<String, Long> counts) {
        boolean grew = counts.entrySet().stream()
                .anyMatch(e -> e.getValue() >= SMALLEST
                        && e.getValue() >= 2 * plannedAt.getOrDefault(e.getKey(), SMALLEST / 2));
        if (grew) {
            plannedAt.putAll(counts);
        }
        return grew;
    }

    /** Makes H2 plan every cached statement again at its next use; returns nothing to wait for. */
    synchronized void refresh() throws SQLException {
        try (Statement statement = connection.get().createStatement()) {
            // Any SET statement moves H2's metadata version on, which invalidates every connection's
            // cached plans; the query timeout of this connection is 0 already.
            statement.execute("SET QUERY_TIMEOUT 0");
        }
        LOG.debug("H2 tables grew: cached statements will be planned again");
    }

    private Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Statement statement = connection.get().createStatement();
                ResultSet rows = statement.executeQuery("select table_name, row_count_estimate"
                        + " from information_schema.tables where table_schema = 'PUBLIC'")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    synchronized void onShutdown(@Observes ShutdownEvent event) {
        closeQuietly();
    }

    private void closeQuietly() {
        connection.close();
    }
}
