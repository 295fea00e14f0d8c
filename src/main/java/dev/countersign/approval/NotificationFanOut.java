package dev.countersign.approval;

import dev.countersign.approval.NotificationAttempts.Claimed;
import dev.countersign.approval.store.NotificationJobEntity;
import dev.countersign.approval.store.NotificationJobRepository;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.ciba.AuthenticationDevice;
import dev.countersign.ciba.PendingRequest;
import dev.countersign.common.TimeOrderedIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The {@link AuthenticationDevice} of the service: fans a new request out to every
 * {@link NotificationChannel} (Web Push to each of the user's devices, the operator's webhook, …).
 * Stores one durable job per message in the request's own transaction, already claimed for its
 * first attempt, and makes those attempts on the {@link NotificationDispatcher}'s pool once that
 * has committed.
 * Whatever happens, the request stays listed in the user's approval app.
 */
@ApplicationScoped
public class NotificationFanOut implements AuthenticationDevice {
    private static final Logger LOG = Logger.getLogger(NotificationFanOut.class);

    private final Instance<NotificationChannel> channels;
    private final NotificationJobRepository jobs;
    private final NotificationSeal seal;
    private final NotificationDispatcher dispatcher;
    private final AuditLog audit;
    private final ApprovalConfig config;
    private final Clock clock;

    NotificationFanOut(
            @Any Instance<NotificationChannel> channels,
            NotificationJobRepository jobs,
            NotificationSeal seal,
            NotificationDispatcher dispatcher,
            AuditLog audit,
            ApprovalConfig config,
            Clock clock) {
        this.channels = channels;
        this.jobs = jobs;
        this.seal = seal;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Called inside the request's transaction: the jobs are stored in it, already claimed, so that
     * the request and its notifications commit together or not at all, and their first attempts are
     * made on the dispatcher's pool right after that commit, with no other transaction before the
     * messages leave. A process killed after the commit leaves the jobs to the scheduler of the next
     * start (or of another instance) once their lease has passed.
     */
    @Override
    public boolean notifyPending(PendingRequest request) {
        List<Claimed> first = schedule(request, clock.instant());
        if (first.isEmpty()) {
            return false;
        }
        dispatcher.afterCommit(first);
        return true;
    }

    /** Stores the claimed jobs without attempting them (by itself: what a process killed after the commit leaves). */
    List<Claimed> schedule(PendingRequest request, Instant now) {
        List<Claimed> claimed = new ArrayList<>();
        for (NotificationChannel channel : channels) {
            for (NotificationChannel.Message message : channel.messagesFor(request)) {
                claimed.add(store(channel, request, message, now));
            }
        }
        if (claimed.isEmpty()) {
            // The request still waits in the user's inbox; nothing woke a phone. Its agent is told
            // (the provider stores the request as unreached: the caller's return value).
            audit.record(AuditEvent.success(
                            "notification.unreached",
                            "system",
                            request.clientId(),
                            request.userSub(),
                            "request:" + request.id())
                    .withDetail(Map.of("reason", "the user has no device and no channel is configured")));
            LOG.debugf(
                    "Request %s waits in the inbox of user %s: no device to notify", request.id(), request.userSub());
        }
        return claimed;
    }

    private Claimed store(
            NotificationChannel channel, PendingRequest request, NotificationChannel.Message message, Instant now) {
        NotificationJobEntity job = new NotificationJobEntity();
        job.id = TimeOrderedIds.next(now);
        job.channel = channel.name();
        job.requestId = request.id();
        job.userSub = request.userSub();
        job.target = message.target();
        job.payload = seal.seal(job.id, message.payload());
        job.status = NotificationJobRepository.PENDING;
        // Claimed for the first attempt by this instance, right after the commit; another instance
        // or a restart takes over when the lease ends.
        job.attempts = 1;
        job.createdAt = NotificationJobRepository.micros(now);
        job.expiresAt = NotificationJobRepository.micros(request.expiresAt());
        job.nextAttemptAt = job.createdAt;
        job.leaseUntil =
                NotificationJobRepository.micros(now.plus(config.notifications().lease()));
        jobs.persist(job);
        return new Claimed(
                job.id,
                1,
                channel,
                new NotificationChannel.Outgoing(
                        job.id, job.requestId, job.target, message.payload(), job.expiresAt, now),
                job.createdAt);
    }
}
