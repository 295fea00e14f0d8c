package dev.countersign.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.ProblemException;
import dev.countersign.common.RandomTokens;
import dev.countersign.common.SecretHasher;
import dev.countersign.common.TimeOrderedIds;
import dev.countersign.runtime.store.RunEntity;
import dev.countersign.runtime.store.RunRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The runs of agents: starts one (stored first, so that an idempotency key holds even under a race,
 * then the backchannel request), shows one to its agent only, cancels one. A run is found only
 * with the agent that created it: another agent's run is "not found".
 */
@ApplicationScoped
public class Runs {
    private static final Logger LOG = Logger.getLogger(Runs.class);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
    private static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(5);
    private static final int MAX_ID = 36;
    /** 256 random bits as 43 base64url characters: an RFC 6750 b64token far below §7.1's 1024. */
    private static final int NOTIFICATION_TOKEN_BYTES = 32;

    private final RunRepository runs;
    private final CibaClient provider;
    private final LoginHints loginHints;
    private final RunSecrets secrets;
    private final SecretHasher hasher;
    private final RunSchedule schedule;
    private final RunWatchers watchers;
    private final RunWebhooks webhooks;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;

    public Runs(
            RunRepository runs,
            CibaClient provider,
            LoginHints loginHints,
            RunSecrets secrets,
            SecretHasher hasher,
            RunSchedule schedule,
            RunWatchers watchers,
            RunWebhooks webhooks,
            AuditLog audit,
            ObjectMapper json,
            Clock clock) {
        this.runs = runs;
        this.provider = provider;
        this.loginHints = loginHints;
        this.secrets = secrets;
        this.hasher = hasher;
        this.schedule = schedule;
        this.watchers = watchers;
        this.webhooks = webhooks;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** A started run, or the earlier run of the same idempotency key ({@code replayed}). */
    public record Started(RunView run, boolean replayed) {}

    /** Checks an {@code Idempotency-Key} header value: 1 to 200 visible ASCII characters. */
    public static Optional<String> idempotencyKey(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (!KEY.matcher(header).matches()) {
            throw ProblemException.badRequest("Idempotency-Key must be 1 to 200 visible ASCII characters");
        }
        return Optional.of(header);
    }

    public Started start(String agent, RunRequest request, Optional<String> idempotencyKey) {
        Optional<RunView> earlier = idempotencyKey.flatMap(key -> replay(agent, key, request));
        if (earlier.isPresent()) {
            return new Started(earlier.get(), true);
        }
        // CIBA Core 1.0 §7.1 client_notification_token: fresh per request, kept only as a hash.
        Optional<String> notificationToken =
                provider.pingsOverHttp() ? Optional.of(RandomTokens.of(NOTIFICATION_TOKEN_BYTES)) : Optional.empty();
        RunEntity run;
        try {
            run = QuarkusTransaction.requiringNew()
                    .call(() -> insert(agent, request, idempotencyKey, notificationToken));
        } catch (RuntimeException e) {
            // Another request with the same key won the insert a moment ago.
            return idempotencyKey
                    .flatMap(key -> replay(agent, key, request))
                    .map(view -> new Started(view, true))
                    .orElseThrow(() -> e);
        }
        askProvider(run, request, notificationToken);
        return new Started(view(agent, run.id, false), false);
    }

    private Optional<RunView> replay(String agent, String key, RunRequest request) {
        Optional<RunEntity> found = QuarkusTransaction.requiringNew().call(() -> runs.byAgentAndKey(agent, key));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (!found.get().requestHash.equals(request.requestHash())) {
            throw ProblemException.conflict("this Idempotency-Key was used with a different request");
        }
        return Optional.of(view(agent, found.get().id, false));
    }

    private RunEntity insert(
            String agent, RunRequest request, Optional<String> idempotencyKey, Optional<String> notificationToken) {
        Instant now = clock.instant();
        RunEntity run = new RunEntity();
        run.id = TimeOrderedIds.next(now);
        run.agent = agent;
        run.action = request.action().name();
        run.userName = request.user();
        run.params = request.params().toString();
        run.mode = request.mode().name();
        run.status = RunStatus.AWAITING_APPROVAL.name();
        run.bindingMessage = request.bindingMessage().orElse(null);
        run.idempotencyKey = idempotencyKey.orElse(null);
        run.requestHash = request.requestHash();
        run.callbackUrl = request.callbackUrl().map(Object::toString).orElse(null);
        run.targetMethod = request.action().method();
        run.targetUrl = request.targetUrl().toString();
        run.timeoutMillis = request.action().timeout().toMillis();
        run.maxResponseBytes = request.action().maxResponseSize();
        run.notificationTokenHash = notificationToken.map(hasher::hash).orElse(null);
        run.intervalSeconds = 5;
        run.createdAt = now;
        run.expiresAt = now.plus(request.requestedExpiry().orElse(DEFAULT_EXPIRY));
        runs.insert(run);
        audit.record(event("run.created", run).withDetail(Map.of("action", run.action, "mode", run.mode)));
        return run;
    }

    private void askProvider(RunEntity run, RunRequest request, Optional<String> notificationToken) {
        StartOutcome outcome = provider.start(new CibaAuthenticationRequest(
                loginHints.of(request.user()),
                request.action().scope(),
                request.bindingMessage(),
                request.authorizationDetails(),
                request.requestedExpiry(),
                notificationToken));
        Instant now = clock.instant();
        if (outcome instanceof StartOutcome.Started started) {
            QuarkusTransaction.requiringNew().run(() -> attach(run, started, now));
        } else if (outcome instanceof StartOutcome.Refused refused) {
            fail(run, "provider_error:" + refused.error(), refused.description());
        } else if (outcome instanceof StartOutcome.Unreachable unreachable) {
            fail(run, "provider_unreachable", Optional.of(unreachable.reason()));
        }
    }

    private void attach(RunEntity run, StartOutcome.Started started, Instant now) {
        int interval = (int) started.interval().orElse(Duration.ofSeconds(5)).toSeconds();
        Instant expiresAt = now.plus(started.expiresIn());
        runs.attachStart(
                run.id,
                hasher.hash(started.authReqId()),
                secrets.sealAuthReqId(run.id, started.authReqId()),
                interval,
                expiresAt,
                schedule.nextPoll(now, interval, expiresAt));
    }

    private void fail(RunEntity run, String reason, Optional<String> description) {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = clock.instant();
            if (runs.finish(run.id, RunStatus.AWAITING_APPROVAL.name(), RunStatus.FAILED.name(), reason, now)) {
                webhooks.finalStatusReached(run.id, run.callbackUrl, now);
                Map<String, String> detail = new LinkedHashMap<>();
                detail.put("reason", reason);
                description.ifPresent(d -> detail.put("description", d.length() > 200 ? d.substring(0, 200) : d));
                audit.record(failure("run.failed", run).withDetail(detail));
            }
        });
        watchers.changed(run.id);
    }

    /** The agent's run; a {@code mode: token} run's token response is in the first answer only. */
    public RunView view(String agent, String id, boolean handOutToken) {
        if (id == null || id.length() > MAX_ID) {
            throw notFound();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            RunEntity run =
                    runs.findByIdOptional(id).filter(r -> r.agent.equals(agent)).orElseThrow(Runs::notFound);
            JsonNode token = null;
            if (handOutToken && run.tokenSealed != null && runs.takeToken(run.id, run.tokenSealed)) {
                token = readJson(secrets.openToken(run.id, run.tokenSealed));
            }
            return toView(run, token);
        });
    }

    /**
     * Cancels the agent's run while it awaits approval; 409 once it has moved on. Then asks the
     * provider to withdraw the request from the user's device, where it can (the embedded provider).
     */
    public RunView cancel(String agent, String id) {
        RunView current = view(agent, id, false);
        Optional<String> sealedAuthReqId = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            RunEntity run = runs.findById(id);
            String storedId = run.authReqIdSealed;
            if (!runs.cancel(id, agent, now)) {
                return null;
            }
            webhooks.finalStatusReached(run.id, run.callbackUrl, now);
            audit.record(event("run.cancelled", run));
            return Optional.ofNullable(storedId);
        });
        if (sealedAuthReqId == null) {
            throw ProblemException.conflict(
                    "the run is " + current.status() + "; only a run awaiting approval can be cancelled");
        }
        watchers.changed(id);
        sealedAuthReqId.ifPresent(storedId -> withdraw(id, storedId));
        return view(agent, id, false);
    }

    /** Best effort: the run is cancelled whatever the provider says. */
    private void withdraw(String runId, String sealedAuthReqId) {
        try {
            provider.withdraw(secrets.openAuthReqId(runId, sealedAuthReqId));
        } catch (RuntimeException e) {
            LOG.debugf("The provider did not withdraw the request of cancelled run %s: %s", runId, e.toString());
        }
    }

    private RunView toView(RunEntity run, JsonNode token) {
        RunView.TargetResult result = run.targetStatus == null
                ? null
                : new RunView.TargetResult(run.targetStatus, headers(run.targetHeaders), run.targetBody);
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/v1/runs/" + run.id);
        if (RunStatus.AWAITING_APPROVAL.name().equals(run.status)) {
            links.put("cancel", "/v1/runs/" + run.id + "/cancel");
        }
        return new RunView(
                run.id,
                RunStatus.valueOf(run.status).wire(),
                reason(run),
                run.action,
                run.userName,
                run.mode,
                run.bindingMessage,
                run.createdAt,
                run.expiresAt,
                run.finishedAt,
                result,
                token,
                links);
    }

    /**
     * A final run's stored reason; a waiting run's reason, if its provider can say why it waits
     * ({@code user_has_no_device}), read afresh because it can appear at any time while it waits.
     */
    private String reason(RunEntity run) {
        if (!RunStatus.AWAITING_APPROVAL.name().equals(run.status) || run.authReqIdSealed == null) {
            return run.reason;
        }
        return provider.waitingReason(secrets.openAuthReqId(run.id, run.authReqIdSealed))
                .orElse(run.reason);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> headers(String stored) {
        if (stored == null) {
            return Map.of();
        }
        try {
            return json.readValue(stored, Map.class);
        } catch (IOException e) {
            return Map.of();
        }
    }

    private JsonNode readJson(String raw) {
        try {
            return json.readTree(raw);
        } catch (IOException e) {
            throw new IllegalStateException("a stored token response is not JSON");
        }
    }

    static AuditEvent event(String type, RunEntity run) {
        return AuditEvent.success(type, "agent:" + run.agent, run.agent, null, "run:" + run.id);
    }

    static AuditEvent failure(String type, RunEntity run) {
        AuditEvent e = event(type, run);
        return new AuditEvent(type, "failure", e.actor(), e.clientId(), e.userSub(), e.subject(), Map.of());
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("no run with this id for this agent");
    }
}
