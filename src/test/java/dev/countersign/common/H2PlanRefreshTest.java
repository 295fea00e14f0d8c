package dev.countersign.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class H2PlanRefreshTest {
    static final String URL = "jdbc:h2:mem:plan-refresh-test;DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=64";

    final H2PlanRefresh refresh = new H2PlanRefresh("h2", Optional.of(URL), Optional.of("sa"), Optional.of(""));

    @Nested
    @DisplayName("H2 plans a cached statement again only after its metadata version moved on")
    class Growth {
        @Test
        void refreshesWhenATableFirstReachesTheSmallestSizeThatMatters() {
            assertThat(refresh.grew(Map.of("REQUESTS", 10L))).isFalse();
            assertThat(refresh.grew(Map.of("REQUESTS", H2PlanRefresh.SMALLEST))).isTrue();
        }

        @Test
        void refreshesAgainEachTimeATableHasDoubled() {
            assertThat(refresh.grew(Map.of("REQUESTS", 100L))).isTrue();
            assertThat(refresh.grew(Map.of("REQUESTS", 199L, "EVENTS", 20L))).isFalse();
            assertThat(refresh.grew(Map.of("REQUESTS", 200L, "EVENTS", 20L))).isTrue();
            assertThat(refresh.grew(Map.of("REQUESTS", 300L, "EVENTS", 70L))).isTrue();
            assertThat(refresh.grew(Map.of("REQUESTS", 350L, "EVENTS", 100L))).isFalse();
        }

        @Test
        void aRefreshInvalidatesTheCachedPlansOfEveryConnection() throws SQLException {
            try (Connection other = DriverManager.getConnection(URL, "sa", "")) {
                long before = metadataVersion(other);
                refresh.refresh();
                assertThat(metadataVersion(other)).isGreaterThan(before);
            }
        }

        @Test
        void checkingAnEmptyDatabaseChangesNothing() throws SQLException {
            try (Connection other = DriverManager.getConnection(URL, "sa", "")) {
                refresh.checkGrowth(); // opens its connection
                long before = metadataVersion(other);
                refresh.checkGrowth();
                assertThat(metadataVersion(other)).isEqualTo(before);
            }
        }
    }

    /** What a cached statement compares with to know whether it must be planned again. */
    private static long metadataVersion(Connection c) throws SQLException {
        return ((SessionLocal) c.unwrap(JdbcConnection.class).getSession())
                .getDatabase()
                .getModificationMetaId();
    }
}
