package dev.countersign;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The storage frame: the Flyway migrations apply on start and the service reports ready, on the
 * embedded H2 and (in the {@code postgresql} run) on a real PostgreSQL server.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class PersistenceEndpointTest {
    @Inject
    DataSource dataSource;

    @Inject
    Flyway flyway;

    @Nested
    @DisplayName("ADR 0001 database kind chosen at build time")
    class DatabaseKind {
        @Test
        void talksToTheDatabaseTheRunWasBuiltFor() throws SQLException {
            String expected = PostgresServerResource.requested() ? "PostgreSQL" : "H2";
            try (Connection connection = dataSource.getConnection()) {
                assertEquals(expected, connection.getMetaData().getDatabaseProductName());
            }
        }
    }

    @Nested
    @DisplayName("Flyway migrations V{n}__{verb}_{object}.sql")
    class Migrations {
        @Test
        void appliesEveryMigrationOnStart() {
            assertEquals(0, flyway.info().pending().length, "pending migrations");
            MigrationInfo[] applied = flyway.info().applied();
            assertTrue(applied.length > 0, "no migration applied");
            for (MigrationInfo migration : applied) {
                assertEquals(MigrationState.SUCCESS, migration.getState(), migration.getScript());
            }
        }

        @Test
        void startsFromTheCoreTablesMigration() {
            MigrationInfo first = flyway.info().applied()[0];
            assertEquals("1", first.getVersion().getVersion());
            assertEquals("create core tables", first.getDescription());
        }

        @Test
        void seedsTheAuditChainHead() throws SQLException {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("select last_seq from audit_chain_head where id = 1")) {
                assertTrue(row.next(), "no chain head row");
                assertEquals(0L, row.getLong(1));
            }
        }
    }

    @Nested
    @DisplayName("SmallRye Health readiness")
    class Readiness {
        @Test
        void answersReadyWithTheDatabaseUp() {
            given().when()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("checks.name", hasItem("Database connections health check"));
        }
    }
}
