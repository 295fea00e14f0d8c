package dev.countersign.audit;

import dev.countersign.common.BackgroundJob;
import dev.countersign.common.CallerContext;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthErrorAnswered;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Records every OAuth error answered after client authentication (CONVENTIONS: "an audit event on
 * every failure path"), in its own transaction because the request's own work is rolled back.
 * {@code authorization_pending} is skipped: CIBA Core 1.0 §11 makes it the normal answer to a poll.
 *
 * <p>Concurrent error answers share transactions (a group commit): each answering thread queues its
 * event and waits until a transaction holding it has committed; the first thread to find no one
 * storing stores every queued event, up to {@link #BATCH} per transaction, until the queue is empty.
 * A client polling too fast ({@code slow_down}) then costs one row, not one transaction and one
 * disk write, per answer, and the answer still leaves only once its event is stored. A batch is
 * stored already sealed into the hash chain ({@link AuditLog#recordSealed}), so the sealer neither
 * reads nor updates its rows again.
 *
 * <p>A client that keeps polling too fast is recorded, not replayed (ADR 0007): for each client and
 * user, the first {@code slow_down} answer to a token request in {@code
 * countersign.audit.repeated-slow-down-window} is stored on its own as above, and the further ones
 * are counted in memory and stored every {@link #REPEATS_EVERY} as one summary event with their
 * number, and at shutdown. Their answers leave at once. A {@code slow_down} refusing a prompt
 * ({@code 429}, ADR 0005) is always stored on its own. Created at start-up; a window outside
 * {@code PT0S}–{@code P1D} has stopped the start before (the bounds of {@link AuditConfig}).
 */
@Startup
@ApplicationScoped
public class OAuthErrorAuditor {
    static final String TYPE = "oauth.error";
    private static final Logger LOG = Logger.getLogger(OAuthErrorAuditor.class);
    static final int BATCH = 500;
    private static final int MAX_QUEUED = 20_000;
    private static final long WAIT_SECONDS = 30;
    private static final long POLL_MILLIS = 10;
    /** How often the counted repeats are stored: what a killed process can lose of their counts. */
    static final String REPEATS_EVERY = "10s";
    /** Clients and users whose repeats are counted at once; past that, each is stored on its own. */
    static final int MAX_COUNTED = 10_000;

    private record Queued(AuditEvent event, CompletableFuture<Void> stored) {}

    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final AtomicBoolean storing = new AtomicBoolean();

    private final CallerContext caller;
    private final AuditLog audit;
    private final Clock clock;
    private final RepeatedSlowDowns repeats;
    private final ReentrantLock storingRepeats = new ReentrantLock();

    public OAuthErrorAuditor(CallerContext caller, AuditLog audit, AuditConfig config, Clock clock) {
        this.caller = caller;
        this.audit = audit;
        this.clock = clock;
        // countersign.audit.repeated-slow-down-window is between PT0S and P1D (AuditConfig's bounds).
        this.repeats = new RepeatedSlowDowns(config.repeatedSlowDownWindow(), MAX_COUNTED);
    }

    void onErrorAnswered(@Observes OAuthErrorAnswered answered) {
        if (answered.error() == OAuthError.AUTHORIZATION_PENDING
                || !Arc.container().requestContext().isActive()) {
            return;
        }
        String clientId = caller.clientId();
        if (clientId == null) {
            return;
        }
        String userSub = caller.userSub();
        if (isTooFastPoll(answered)
                && !repeats.storeOnItsOwn(new RepeatedSlowDowns.Key(clientId, userSub), clock.instant())) {
            return;
        }
        String description = answered.description() == null ? "" : answered.description();
        AuditEvent event = new AuditEvent(
                TYPE,
                "error",
                "client:" + clientId,
                clientId,
                userSub,
                null,
                Map.of("error", answered.error().code(), "error_description", description));
        if (BlockingOperationControl.isBlockingAllowed()) {
            store(event);
        } else {
            // An error answered on the event loop: the database work moves to a worker thread.
            Infrastructure.getDefaultWorkerPool().execute(() -> store(event));
        }
    }

    /** CIBA Core 1.0 §11: a token request polled before its interval passed (not a refused prompt). */
    private static boolean isTooFastPoll(OAuthErrorAnswered answered) {
        return answered.error() == OAuthError.SLOW_DOWN && answered.status() == OAuthError.SLOW_DOWN.status();
    }

    @BackgroundJob
    @Scheduled(
            identity = "repeated-slow-downs",
            every = REPEATS_EVERY,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void storeRepeatsOnSchedule() {
        storeRepeats();
    }

    // After the shutdown gate has let the scheduled jobs finish, before the database closes.
    void onShutdown(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        storeRepeats();
    }

    /** Stores the repeats counted so far as summary events, {@link #BATCH} per transaction; returns how many. */
    int storeRepeats() {
        storingRepeats.lock();
        try {
            List<AuditEvent> summaries = new ArrayList<>();
            repeats.drain(clock.instant()).forEach(s -> summaries.add(summary(s)));
            for (int from = 0; from < summaries.size(); from += BATCH) {
                List<AuditEvent> batch = summaries.subList(from, Math.min(from + BATCH, summaries.size()));
                QuarkusTransaction.requiringNew().run(() -> audit.recordSealed(batch));
            }
            return summaries.size();
        } catch (RuntimeException e) {
            LOG.error("Could not record the counts of repeated slow_down answers", e);
            return 0;
        } finally {
            storingRepeats.unlock();
        }
    }

    private static AuditEvent summary(RepeatedSlowDowns.Summary repeated) {
        String clientId = repeated.key().clientId();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("error", OAuthError.SLOW_DOWN.code());
        detail.put(
                "error_description",
                repeated.repeats() + " more token requests polled before the interval passed, from " + repeated.first()
                        + " to " + repeated.last());
        detail.put("repeated", Long.toString(repeated.repeats()));
        detail.put("first_at", repeated.first().toString());
        detail.put("last_at", repeated.last().toString());
        return new AuditEvent(
                TYPE, "error", "client:" + clientId, clientId, repeated.key().userSub(), null, detail);
    }

    private void store(AuditEvent event) {
        Queued queued = new Queued(event, new CompletableFuture<>());
        if (!queue.offer(queued)) {
            storeAlone(event);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!queued.stored().isDone()) {
            storeQueuedUntil(queued.stored());
            try {
                queued.stored().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    couldNotStore(event, e);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                couldNotStore(event, e);
                return;
            }
        }
    }

    /**
     * Unless another thread is storing: stores queued events, a batch per transaction, until
     * {@code mine} is stored, so that no thread stores for others for long; the others' waits
     * return every {@link #POLL_MILLIS} to take over what is left.
     */
    private void storeQueuedUntil(CompletableFuture<Void> mine) {
        if (!storing.compareAndSet(false, true)) {
            return;
        }
        try {
            List<Queued> batch = new ArrayList<>();
            while (!mine.isDone() && queue.drainTo(batch, BATCH) > 0) {
                storeBatch(batch);
                batch.clear();
            }
        } finally {
            storing.set(false);
        }
    }

    private void storeBatch(List<Queued> batch) {
        try {
            List<AuditEvent> events = new ArrayList<>(batch.size());
            batch.forEach(q -> events.add(q.event()));
            QuarkusTransaction.requiringNew().run(() -> audit.recordSealed(events));
            batch.forEach(q -> q.stored().complete(null));
        } catch (RuntimeException e) {
            // One event that cannot be stored must not cost the others theirs.
            batch.forEach(q -> {
                storeAlone(q.event());
                q.stored().complete(null);
            });
        }
    }

    private void storeAlone(AuditEvent event) {
        try {
            QuarkusTransaction.requiringNew().run(() -> audit.record(event));
        } catch (RuntimeException e) {
            couldNotStore(event, e);
        }
    }

    // The client still gets its error answer; the operator learns the trail missed one.
    private static void couldNotStore(AuditEvent event, Exception e) {
        LOG.errorf(
                e,
                "Could not record the audit event for an %s error",
                event.detail().get("error"));
    }
}
