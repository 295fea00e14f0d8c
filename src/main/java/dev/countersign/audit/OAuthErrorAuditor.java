package dev.countersign.audit;

import dev.countersign.common.CallerContext;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthErrorAnswered;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.BlockingOperationControl;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 */
@ApplicationScoped
public class OAuthErrorAuditor {
    static final String TYPE = "oauth.error";
    private static final Logger LOG = Logger.getLogger(OAuthErrorAuditor.class);
    static final int BATCH = 500;
    private static final int MAX_QUEUED = 20_000;
    private static final long WAIT_SECONDS = 30;
    private static final long POLL_MILLIS = 10;

    private record Queued(AuditEvent event, CompletableFuture<Void> stored) {}

    private final BlockingQueue<Queued> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final AtomicBoolean storing = new AtomicBoolean();

    private final CallerContext caller;
    private final AuditLog audit;

    public OAuthErrorAuditor(CallerContext caller, AuditLog audit) {
        this.caller = caller;
        this.audit = audit;
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
        String description = answered.description() == null ? "" : answered.description();
        AuditEvent event = new AuditEvent(
                TYPE,
                "error",
                "client:" + clientId,
                clientId,
                caller.userSub(),
                null,
                Map.of("error", answered.error().code(), "error_description", description));
        if (BlockingOperationControl.isBlockingAllowed()) {
            store(event);
        } else {
            // An error answered on the event loop: the database work moves to a worker thread.
            Infrastructure.getDefaultWorkerPool().execute(() -> store(event));
        }
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
