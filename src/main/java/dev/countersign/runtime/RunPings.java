package dev.countersign.runtime;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.SecretHasher;
import dev.countersign.common.ServiceConfig;
import dev.countersign.runtime.store.RunEntity;
import dev.countersign.runtime.store.RunRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * The pings of an external provider (CIBA Core 1.0 §10.2), once their HTTP is read: "the Client
 * MUST verify the client_notification_token". The run is found by the hash of the
 * {@code auth_req_id} and the bearer token compared in constant time with the hash stored for that
 * run ({@link SecretHasher#matches}, also when no run matches, so that timing tells nothing). An
 * accepted ping of a waiting run wakes it through {@link RunScheduler#wake}, the same path as the
 * embedded provider's in-process ping: one claimed poll, one redemption, one execution, however
 * often and however concurrently the provider pings. A ping of a run that has moved on is
 * accepted and changes nothing.
 */
@ApplicationScoped
public class RunPings {
    /** The path of the client notification endpoint, below the issuer by default. */
    public static final String PATH = "/v1/ciba/ping";

    private static final Logger LOG = Logger.getLogger(RunPings.class);

    private final RunRepository runs;
    private final SecretHasher hasher;
    private final RunScheduler scheduler;
    private final AuditLog audit;
    private final ManagedExecutor background;

    public RunPings(
            RunRepository runs,
            SecretHasher hasher,
            RunScheduler scheduler,
            AuditLog audit,
            ManagedExecutor background) {
        this.runs = runs;
        this.hasher = hasher;
        this.scheduler = scheduler;
        this.audit = audit;
        this.background = background;
    }

    /**
     * Accepts the ping if {@code bearer} is the {@code client_notification_token} sent with the
     * request of {@code authReqId}; false, and nothing changed, for a wrong token or an unknown id
     * alike.
     */
    public boolean accept(String bearer, String authReqId) {
        String hash = hasher.hash(authReqId);
        Optional<RunEntity> run = QuarkusTransaction.requiringNew().call(() -> runs.anyByAuthReqIdHash(hash));
        if (!hasher.matches(bearer, run.map(r -> r.notificationTokenHash).orElse(null))) {
            // Audited only when the id names a run (an unknown id is noise anyone can send), and off
            // the request's thread, so that the answer takes no longer when the id exists.
            run.ifPresent(r -> background.execute(() -> record("run.ping_refused", "failure", r)));
            return false;
        }
        RunEntity pinged = run.get();
        record("run.pinged", "success", pinged);
        if (RunStatus.AWAITING_APPROVAL.name().equals(pinged.status)) {
            scheduler.wake(hash);
        }
        return true;
    }

    /** The external provider acted: the event names the run and the status the ping found it in. */
    private void record(String type, String outcome, RunEntity run) {
        AuditEvent event = new AuditEvent(
                type,
                outcome,
                "provider:external",
                run.agent,
                null,
                "run:" + run.id,
                Map.of("status", RunStatus.valueOf(run.status).wire()));
        QuarkusTransaction.requiringNew().run(() -> audit.record(event));
    }

    /** The URL to register at the provider as {@code backchannel_client_notification_endpoint}. */
    public static URI endpointUrl(RuntimeConfig config, ServiceConfig service) {
        return config.pingEndpointUrl().orElseGet(() -> URI.create(service.endpoint(PATH)));
    }

    void announce(@Observes StartupEvent event, RuntimeConfig config, ServiceConfig service) {
        if (config.enabled() && config.provider() == RuntimeConfig.ProviderKind.external && config.externalPing()) {
            URI url = endpointUrl(config, service);
            LOG.infof(
                    "External ping is on: register %s as backchannel_client_notification_endpoint"
                            + " (backchannel_token_delivery_mode=ping) at the provider",
                    url);
            if (!"https".equals(url.getScheme())) {
                LOG.warnf("The client notification endpoint %s is not https; most providers refuse it", url);
            }
        }
    }
}
