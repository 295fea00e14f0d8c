package dev.countersign.ciba.delivery;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.ciba.CibaConfig;
import dev.countersign.ciba.CibaTokens;
import dev.countersign.ciba.delivery.NotificationBodies.PushError;
import dev.countersign.ciba.delivery.NotificationSecrets.RequestSecrets;
import dev.countersign.ciba.store.BackchannelRequestEntity;
import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.ciba.store.DeliveryJobEntity;
import dev.countersign.ciba.store.DeliveryJobRepository;
import dev.countersign.common.TimeOrderedIds;
import dev.countersign.provider.Client;
import dev.countersign.provider.Clients;
import dev.countersign.provider.SenderConstraint;
import dev.countersign.provider.TokenDeliveryMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the one notification of a ping or push request's result, in the transaction of the
 * decision or expiry that produced it (CIBA Core 1.0 §10.2, §10.3, §12), claimed for its first
 * attempt, which starts once that transaction has committed. For an approved push request the tokens are minted here, once,
 * behind the conditional {@code APPROVED → ISSUED} update, and kept sealed in the job until delivered.
 */
@ApplicationScoped
public class DeliveryJobs {
    /** CIBA Core 1.0 §10.3.1: the auth_req_id claim of a pushed ID token. */
    static final String AUTH_REQ_ID_CLAIM = "urn:openid:params:jwt:claim:auth_req_id";

    private final DeliveryJobRepository jobs;
    private final BackchannelRequestRepository requests;
    private final Clients clients;
    private final CibaTokens tokens;
    private final NotificationSecrets secrets;
    private final NotificationBodies bodies;
    private final AuditLog audit;
    private final Event<DeliveryScheduled> scheduled;
    private final CibaConfig config;

    DeliveryJobs(
            DeliveryJobRepository jobs,
            BackchannelRequestRepository requests,
            Clients clients,
            CibaTokens tokens,
            NotificationSecrets secrets,
            NotificationBodies bodies,
            AuditLog audit,
            Event<DeliveryScheduled> scheduled,
            CibaConfig config) {
        this.jobs = jobs;
        this.requests = requests;
        this.clients = clients;
        this.tokens = tokens;
        this.secrets = secrets;
        this.bodies = bodies;
        this.audit = audit;
        this.scheduled = scheduled;
        this.config = config;
    }

    /** The user approved: ping, or push the tokens minted now. */
    public void onApproved(BackchannelRequestEntity request, Instant now) {
        notifiable(request).ifPresent(client -> {
            RequestSecrets s = secrets.openRequest(request.id, request.notificationSecrets);
            if (client.deliveryMode() == TokenDeliveryMode.PING) {
                storePing(request, client, s, now);
            } else if (!requests.markIssued(request.authReqIdHash, client.clientId(), now)) {
                // Not reachable after a won approval in this transaction; if it were, say so (§12).
                String body =
                        bodies.error(s.authReqId(), PushError.TRANSACTION_FAILED, "the tokens could not be issued");
                store(
                        request,
                        client,
                        "error:" + PushError.TRANSACTION_FAILED.code(),
                        new Notification(s.notificationToken(), body),
                        now);
            } else {
                var minted =
                        tokens.mint(client, request, Map.of(AUTH_REQ_ID_CLAIM, s.authReqId()), SenderConstraint.NONE);
                store(
                        request,
                        client,
                        "tokens",
                        new Notification(s.notificationToken(), bodies.tokens(s.authReqId(), minted)),
                        now);
            }
        });
    }

    /** The user denied: ping, or push the §12 {@code access_denied} error. */
    public void onDenied(BackchannelRequestEntity request, Instant now) {
        onFailure(request, PushError.ACCESS_DENIED, "the user denied the request", now);
    }

    /** The request expired undecided: ping, or push the §12 {@code expired_token} error. */
    public void onExpired(BackchannelRequestEntity request, Instant now) {
        audit.record(AuditEvent.success(
                        "backchannel.expired", "system", request.clientId, request.userSub, "request:" + request.id)
                .withDetail(Map.of("delivery_mode", request.deliveryMode)));
        onFailure(request, PushError.EXPIRED_TOKEN, "the user did not decide before the request expired", now);
    }

    private void onFailure(BackchannelRequestEntity request, PushError error, String description, Instant now) {
        notifiable(request).ifPresent(client -> {
            RequestSecrets s = secrets.openRequest(request.id, request.notificationSecrets);
            if (client.deliveryMode() == TokenDeliveryMode.PING) {
                storePing(request, client, s, now);
            } else {
                String body = bodies.error(s.authReqId(), error, description);
                store(request, client, "error:" + error.code(), new Notification(s.notificationToken(), body), now);
            }
        });
    }

    /** The client, when the request was made in ping or push mode and the client still exists. */
    private Optional<Client> notifiable(BackchannelRequestEntity request) {
        if (request.deliveryMode == null || request.notificationSecrets == null) {
            return Optional.empty();
        }
        return clients.find(request.clientId)
                .filter(c -> c.deliveryMode() != TokenDeliveryMode.POLL
                        && c.notificationEndpoint().isPresent());
    }

    /** §10.2: a ping carries only the auth_req_id, whatever the outcome. */
    private void storePing(BackchannelRequestEntity request, Client client, RequestSecrets s, Instant now) {
        store(request, client, "ping", new Notification(s.notificationToken(), bodies.ping(s.authReqId())), now);
    }

    private void store(
            BackchannelRequestEntity request, Client client, String kind, Notification notification, Instant now) {
        DeliveryJobEntity job = new DeliveryJobEntity();
        job.id = TimeOrderedIds.next(now);
        job.requestId = request.id;
        job.clientId = client.clientId();
        job.userSub = request.userSub;
        job.mode = client.deliveryMode().wire();
        job.kind = kind;
        job.endpoint = client.notificationEndpoint().orElseThrow().toString();
        job.payload = secrets.sealNotification(job.id, notification);
        job.status = DeliveryJobRepository.PENDING;
        // Claimed for the first attempt by this instance, right after the commit; another instance
        // or a restart takes over when the lease ends.
        job.attempts = 1;
        job.leaseUntil = DeliveryJobRepository.micros(now.plus(config.delivery().lease()));
        job.createdAt = DeliveryJobRepository.micros(now);
        job.nextAttemptAt = job.createdAt;
        jobs.persist(job);
        audit.record(
                AuditEvent.success("delivery.scheduled", "system", job.clientId, job.userSub, "request:" + request.id)
                        .withDetail(Map.of("delivery", job.id, "mode", job.mode, "kind", kind)));
        scheduled.fire(new DeliveryScheduled(
                new DeliveryAttempts.Claimed(job.id, job.attempts, URI.create(job.endpoint), notification)));
    }
}
