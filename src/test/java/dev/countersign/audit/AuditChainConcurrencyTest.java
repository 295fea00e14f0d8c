package dev.countersign.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class AuditChainConcurrencyTest {
    private static final int RECORDERS = 8;
    private static final int EVENTS_EACH = 30;

    @Inject
    AuditLog audit;

    @Inject
    AuditSealer sealer;

    @Inject
    AuditChainVerifier verifier;

    @Inject
    TestDatabase db;

    @Inject
    DataSource dataSource;

    void recordOne(String actor, int n) {
        QuarkusTransaction.requiringNew()
                .run(() -> audit.record(new AuditEvent(
                        "test.concurrent", "success", actor, null, null, "n:" + n, Map.of("n", String.valueOf(n)))));
    }

    /** Records events 3 at a time, sealed as they are stored, as the OAuth error auditor does. */
    void recordThreeSealed(String actor, int n) {
        if (n % 3 != 0) {
            return;
        }
        List<AuditEvent> batch = new ArrayList<>();
        for (int i = n; i < n + 3; i++) {
            batch.add(new AuditEvent(
                    "test.concurrent", "success", actor, null, null, "n:" + i, Map.of("n", String.valueOf(i))));
        }
        QuarkusTransaction.requiringNew().run(() -> audit.recordSealed(batch));
    }

    interface Recorder {
        void record(String actor, int n);
    }

    @Nested
    @DisplayName("Audit chain under concurrency: one unbroken chain")
    class Concurrency {
        @Test
        void concurrentRecordersAndSealersProduceOneUnbrokenChain() throws Exception {
            recordConcurrently(r -> AuditChainConcurrencyTest.this::recordOne);
        }

        @Test
        void sealedBatchesAmongUnsealedEventsAndSealersProduceOneUnbrokenChain() throws Exception {
            recordConcurrently(r -> r % 2 == 0
                    ? AuditChainConcurrencyTest.this::recordOne
                    : AuditChainConcurrencyTest.this::recordThreeSealed);
        }

        void recordConcurrently(IntFunction<Recorder> recorderNumber) throws Exception {
            String actor = "test:" + UUID.randomUUID();
            ExecutorService pool = Executors.newFixedThreadPool(RECORDERS + 2);
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean recording = new AtomicBoolean(true);
            try {
                List<Future<?>> recorders = new ArrayList<>();
                for (int r = 0; r < RECORDERS; r++) {
                    Recorder recorder = recorderNumber.apply(r);
                    recorders.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < EVENTS_EACH; i++) {
                            recorder.record(actor, i);
                        }
                        return null;
                    }));
                }
                List<Future<?>> sealers = new ArrayList<>();
                for (int s = 0; s < 2; s++) {
                    sealers.add(pool.submit(() -> {
                        start.await();
                        while (recording.get()) {
                            sealer.seal();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : recorders) {
                    f.get(60, TimeUnit.SECONDS);
                }
                recording.set(false);
                for (Future<?> f : sealers) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            sealer.seal();
            int total = RECORDERS * EVENTS_EACH;
            assertEquals(total, db.number("select count(*) from audit_events where actor = ?", actor));
            assertEquals(
                    total,
                    db.number(
                            "select count(distinct chain_seq) from audit_events where actor = ? and chain_seq is not null",
                            actor));
            assertEquals(
                    db.number("select last_seq from audit_chain_head"),
                    db.number("select max(chain_seq) from audit_events"));
            assertEquals(
                    db.number("select count(*) from audit_events where chain_seq is not null"),
                    db.number("select max(chain_seq) from audit_events"));
            ChainVerification verification = verifier.verify();
            assertTrue(verification.intact(), verification.toString());
        }

        @Test
        void waitsWhileAnotherInstanceHoldsTheChainHead() throws Exception {
            String actor = "test:" + UUID.randomUUID();
            recordOne(actor, 1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Connection other = dataSource.getConnection()) {
                other.setAutoCommit(false);
                try (Statement lock = other.createStatement()) {
                    lock.executeQuery("select last_seq from audit_chain_head where id = 1 for update");
                }
                Future<Integer> sealing = pool.submit(sealer::seal);
                assertThrows(TimeoutException.class, () -> sealing.get(300, TimeUnit.MILLISECONDS));
                assertFalse(sealing.isDone());
                other.commit();
                // The scheduled sealer may win the head after the commit and seal the event itself;
                // either way this call returns and the event ends up sealed (checked below).
                sealing.get(30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(
                    0, db.number("select count(*) from audit_events where actor = ? and chain_seq is null", actor));
            assertTrue(verifier.verify().intact());
        }
    }
}
