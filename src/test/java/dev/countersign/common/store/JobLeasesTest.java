package dev.countersign.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lease protocol of the three durable job tables, on each table. Every job here is due in 2100
 * and "now" is passed explicitly, so the running schedulers, which use the real clock, never see
 * these rows; finished ones end in 1971, so the cleanup below removes nothing of other tests.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
@DisplayName("Durable jobs: one attempt at a time, by lease")
class JobLeasesTest {
    private static final Instant DUE = Instant.parse("2100-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    @Inject
    EntityManager em;

    @Inject
    TestDatabase db;

    /** Each job table: its entity, its id field, and an insert of a pending job due at a time. */
    enum Table {
        DELIVERY_JOBS("DeliveryJobEntity", "id", "delivery_jobs", "id") {
            @Override
            void insert(TestDatabase db, String id, Instant due) {
                db.update(
                        "insert into delivery_jobs (id, request_id, client_id, user_sub, mode, kind, endpoint, status,"
                                + " attempts, created_at, next_attempt_at) values (?, ?, 'client', 'user', 'ping',"
                                + " 'ciba.ping', 'https://client.example/cb', 'PENDING', 0, ?, ?)",
                        id,
                        UUID.randomUUID().toString(),
                        time(due),
                        time(due));
            }
        },
        NOTIFICATION_JOBS("NotificationJobEntity", "id", "notification_jobs", "id") {
            @Override
            void insert(TestDatabase db, String id, Instant due) {
                db.update(
                        "insert into notification_jobs (id, channel, request_id, user_sub, target, status, attempts,"
                                + " created_at, expires_at, next_attempt_at) values (?, 'webpush', ?, 'user', 'device',"
                                + " 'PENDING', 0, ?, ?, ?)",
                        id,
                        UUID.randomUUID().toString(),
                        time(due),
                        time(due.plus(Duration.ofDays(1))),
                        time(due));
            }
        },
        RUNTIME_WEBHOOKS("RunWebhookEntity", "runId", "runtime_webhooks", "run_id") {
            @Override
            void insert(TestDatabase db, String id, Instant due) {
                db.update(
                        "insert into runtime_webhooks (run_id, status, attempts, created_at, next_attempt_at)"
                                + " values (?, 'PENDING', 0, ?, ?)",
                        id,
                        time(due),
                        time(due));
            }
        };

        final String entity;
        final String idField;
        final String table;
        final String idColumn;

        Table(String entity, String idField, String table, String idColumn) {
            this.entity = entity;
            this.idField = idField;
            this.table = table;
            this.idColumn = idColumn;
        }

        abstract void insert(TestDatabase db, String id, Instant due);

        JobLeases leases() {
            return new JobLeases(entity, idField);
        }
    }

    static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    <T> T inTransaction(Supplier<T> work) {
        return QuarkusTransaction.requiringNew().call(work::get);
    }

    String pending(Table table, Instant due) {
        String id = UUID.randomUUID().toString();
        table.insert(db, id, due);
        return id;
    }

    long attempts(Table table, String id) {
        return db.number("select attempts from " + table.table + " where " + table.idColumn + " = ?", id);
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void aClaimedJobIsNotClaimedAgainWhileItsLeaseHolds(Table table) {
        JobLeases leases = table.leases();
        String id = pending(table, DUE);
        assertTrue(inTransaction(() -> leases.claim(em, id, DUE, DUE.plus(LEASE))));
        assertFalse(inTransaction(() -> leases.claim(em, id, DUE.plus(LEASE).minusNanos(1000), DUE.plus(LEASE))));
        assertEquals(1, attempts(table, id));
        // Another instance, or the next start, takes it over once the lease has passed.
        assertTrue(inTransaction(() -> leases.claim(em, id, DUE.plus(LEASE), DUE.plus(LEASE.multipliedBy(2)))));
        assertEquals(2, attempts(table, id));
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void aJobIsNotClaimedBeforeItIsDue(Table table) {
        JobLeases leases = table.leases();
        String id = pending(table, DUE);
        assertFalse(inTransaction(() -> leases.claim(em, id, DUE.minusNanos(1000), DUE.plus(LEASE))));
        assertEquals(0, attempts(table, id));
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void theOutcomeOfALostLeaseChangesNothing(Table table) {
        JobLeases leases = table.leases();
        String id = pending(table, DUE);
        assertTrue(inTransaction(() -> leases.claim(em, id, DUE, DUE.plus(LEASE))));
        Instant later = DUE.plus(LEASE);
        assertTrue(inTransaction(() -> leases.claim(em, id, later, later.plus(LEASE))));
        // The first attempt's holder answers late: its retry must not undo the second attempt's lease.
        assertFalse(inTransaction(() -> leases.scheduleRetry(em, id, 1, later.plusSeconds(60), "late")));
        assertEquals(
                1,
                db.number(
                        "select count(*) from " + table.table + " where " + table.idColumn
                                + " = ? and lease_until = ? and attempts = 2",
                        id,
                        time(later.plus(LEASE))));
        assertTrue(inTransaction(() -> leases.scheduleRetry(em, id, 2, later.plusSeconds(60), "failed")));
        assertEquals(
                0,
                db.number(
                        "select count(*) from " + table.table + " where " + table.idColumn
                                + " = ? and lease_until is not null",
                        id));
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void dueJobsAreListedOldestFirstWithoutLeasedOnes(Table table) {
        JobLeases leases = table.leases();
        String second = pending(table, DUE.plusSeconds(2));
        String first = pending(table, DUE.plusSeconds(1));
        String leased = pending(table, DUE);
        String notDue = pending(table, DUE.plusSeconds(10));
        Instant now = DUE.plusSeconds(5);
        assertTrue(inTransaction(() -> leases.claim(em, leased, now, now.plus(LEASE))));
        List<String> due = inTransaction(() -> leases.findDue(em, now, 10_000)).stream()
                .filter(id -> List.of(first, second, leased, notDue).contains(id))
                .toList();
        assertEquals(List.of(first, second), due);
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void cleanupRemovesOnlyJobsThatEndedBeforeTheCutOff(Table table) {
        JobLeases leases = table.leases();
        Instant ended = Instant.parse("1971-01-01T00:00:00Z");
        String old = pending(table, DUE);
        String recent = pending(table, DUE);
        String stillPending = pending(table, DUE);
        db.update(
                "update " + table.table + " set status = 'FAILED', finished_at = ? where " + table.idColumn + " = ?",
                time(ended),
                old);
        db.update(
                "update " + table.table + " set status = 'FAILED', finished_at = ? where " + table.idColumn + " = ?",
                time(ended.plusSeconds(120)),
                recent);
        db.update(
                "update " + table.table + " set finished_at = ? where " + table.idColumn + " = ?",
                time(ended),
                stillPending);
        assertEquals(1L, inTransaction(() -> leases.deleteFinishedBefore(em, ended.plusSeconds(60))));
        String ids = "(?, ?, ?)";
        assertEquals(
                2,
                db.number(
                        "select count(*) from " + table.table + " where " + table.idColumn + " in " + ids,
                        old,
                        recent,
                        stillPending));
        assertEquals(0, db.number("select count(*) from " + table.table + " where " + table.idColumn + " = ?", old));
    }
}
