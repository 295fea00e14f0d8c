package dev.countersign.common.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.approval.store.NotificationJobRepository;
import dev.countersign.ciba.store.DeliveryJobRepository;
import dev.countersign.runtime.store.RunWebhookRepository;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
 * The lease protocol of the three durable job tables ({@link JobLeases}), on each table through
 * its own repository, so the entity and id names each one passes are proven too. Every job here is due in 2100
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
    DeliveryJobRepository deliveries;

    @Inject
    NotificationJobRepository notifications;

    @Inject
    RunWebhookRepository webhooks;

    @Inject
    TestDatabase db;

    /** Each job table: its name, its id column, and an insert of a pending job due at a time. */
    enum Table {
        DELIVERY_JOBS("delivery_jobs", "id") {
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
        NOTIFICATION_JOBS("notification_jobs", "id") {
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
        RUNTIME_WEBHOOKS("runtime_webhooks", "run_id") {
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

        final String table;
        final String idColumn;

        Table(String table, String idColumn) {
            this.table = table;
            this.idColumn = idColumn;
        }

        abstract void insert(TestDatabase db, String id, Instant due);
    }

    /** The lease protocol as each repository offers it: the real statements, not a copy. */
    interface Jobs {
        List<String> findDue(Instant now, int limit);

        boolean claim(String id, Instant now, Instant leaseUntil);

        boolean scheduleRetry(String id, int attempt, Instant next, String error);

        long deleteFinishedBefore(Instant before);
    }

    Jobs jobs(Table table) {
        return switch (table) {
            case DELIVERY_JOBS ->
                new Jobs() {
                    public List<String> findDue(Instant now, int limit) {
                        return deliveries.findDue(now, limit);
                    }

                    public boolean claim(String id, Instant now, Instant leaseUntil) {
                        return deliveries.claim(id, now, leaseUntil);
                    }

                    public boolean scheduleRetry(String id, int attempt, Instant next, String error) {
                        return deliveries.scheduleRetry(id, attempt, next, error);
                    }

                    public long deleteFinishedBefore(Instant before) {
                        return deliveries.deleteFinishedBefore(before);
                    }
                };
            case NOTIFICATION_JOBS ->
                new Jobs() {
                    public List<String> findDue(Instant now, int limit) {
                        return notifications.findDue(now, limit);
                    }

                    public boolean claim(String id, Instant now, Instant leaseUntil) {
                        return notifications.claim(id, now, leaseUntil);
                    }

                    public boolean scheduleRetry(String id, int attempt, Instant next, String error) {
                        return notifications.scheduleRetry(id, attempt, next, error);
                    }

                    public long deleteFinishedBefore(Instant before) {
                        return notifications.deleteFinishedBefore(before);
                    }
                };
            case RUNTIME_WEBHOOKS ->
                new Jobs() {
                    public List<String> findDue(Instant now, int limit) {
                        return webhooks.findDue(now, limit);
                    }

                    public boolean claim(String id, Instant now, Instant leaseUntil) {
                        return webhooks.claim(id, now, leaseUntil);
                    }

                    public boolean scheduleRetry(String id, int attempt, Instant next, String error) {
                        return webhooks.scheduleRetry(id, attempt, 503, error, next);
                    }

                    public long deleteFinishedBefore(Instant before) {
                        return webhooks.deleteFinishedBefore(before);
                    }
                };
        };
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
        Jobs jobs = jobs(table);
        String id = pending(table, DUE);
        assertTrue(inTransaction(() -> jobs.claim(id, DUE, DUE.plus(LEASE))));
        assertFalse(inTransaction(() -> jobs.claim(id, DUE.plus(LEASE).minusNanos(1000), DUE.plus(LEASE))));
        assertEquals(1, attempts(table, id));
        // Another instance, or the next start, takes it over once the lease has passed.
        assertTrue(inTransaction(() -> jobs.claim(id, DUE.plus(LEASE), DUE.plus(LEASE.multipliedBy(2)))));
        assertEquals(2, attempts(table, id));
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void aJobIsNotClaimedBeforeItIsDue(Table table) {
        Jobs jobs = jobs(table);
        String id = pending(table, DUE);
        assertFalse(inTransaction(() -> jobs.claim(id, DUE.minusNanos(1000), DUE.plus(LEASE))));
        assertEquals(0, attempts(table, id));
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void theOutcomeOfALostLeaseChangesNothing(Table table) {
        Jobs jobs = jobs(table);
        String id = pending(table, DUE);
        assertTrue(inTransaction(() -> jobs.claim(id, DUE, DUE.plus(LEASE))));
        Instant later = DUE.plus(LEASE);
        assertTrue(inTransaction(() -> jobs.claim(id, later, later.plus(LEASE))));
        // The first attempt's holder answers late: its retry must not undo the second attempt's lease.
        assertFalse(inTransaction(() -> jobs.scheduleRetry(id, 1, later.plusSeconds(60), "late")));
        assertEquals(
                1,
                db.number(
                        "select count(*) from " + table.table + " where " + table.idColumn
                                + " = ? and lease_until = ? and attempts = 2",
                        id,
                        time(later.plus(LEASE))));
        assertTrue(inTransaction(() -> jobs.scheduleRetry(id, 2, later.plusSeconds(60), "failed")));
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
        Jobs jobs = jobs(table);
        String second = pending(table, DUE.plusSeconds(2));
        String first = pending(table, DUE.plusSeconds(1));
        String leased = pending(table, DUE);
        String notDue = pending(table, DUE.plusSeconds(10));
        Instant now = DUE.plusSeconds(5);
        assertTrue(inTransaction(() -> jobs.claim(leased, now, now.plus(LEASE))));
        List<String> due = inTransaction(() -> jobs.findDue(now, 10_000)).stream()
                .filter(id -> List.of(first, second, leased, notDue).contains(id))
                .toList();
        assertEquals(List.of(first, second), due);
    }

    @ParameterizedTest
    @EnumSource(Table.class)
    void cleanupRemovesOnlyJobsThatEndedBeforeTheCutOff(Table table) {
        Jobs jobs = jobs(table);
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
        assertEquals(1L, inTransaction(() -> jobs.deleteFinishedBefore(ended.plusSeconds(60))));
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
