package dev.countersign.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.approval.RetryAfter;
import dev.countersign.approval.RetryDelay;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.BackgroundJob;
import dev.countersign.common.WebhookSignature;
import dev.countersign.common.WorkerThreads;
import dev.countersign.common.outbound.OutboundHttp;
import dev.countersign.common.outbound.OutboundUrlRejected;
import dev.countersign.runtime.store.RunEntity;
import dev.countersign.runtime.store.RunRepository;
import dev.countersign.runtime.store.RunWebhookEntity;
import dev.countersign.runtime.store.RunWebhookRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends run webhooks. Every second each instance hands due webhooks to a small pool; an attempt
 * claims its webhook (a conditional update setting a lease, its own transaction), POSTs the run's
 * view (as {@code GET /v1/runs/{id}} shows it, without any token) to the callback URL through
 * {@link OutboundHttp} (the outbound URL policy with a fresh DNS lookup on every attempt, no
 * redirects), signed with the agent's {@link WebhookSecrets secret} in
 * {@code X-Countersign-Signature: t=<unix seconds>, v1=<hex HMAC-SHA-256(secret, "<t>.<body>")>}
 * (the approval webhook's format), and records the outcome guarded by the attempt number: 2xx sent;
 * 408, 425, 429, 5xx and no answer retried with exponential backoff and full jitter, never sooner
 * than {@code Retry-After}, until {@code max-attempts}; any other status refused for good.
 */
@ApplicationScoped
public class RunWebhookDelivery {
    static final String SIGNATURE_HEADER = "X-Countersign-Signature";
    private static final Logger LOG = Logger.getLogger(RunWebhookDelivery.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BATCH = 50;
    private static final int THREADS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration KEEP_FINISHED = Duration.ofDays(1);

    private final RunWebhookRepository webhooks;
    private final RunRepository runs;
    private final Runs views;
    private final WebhookSecrets secrets;
    private final OutboundHttp http;
    private final AuditLog audit;
    private final RuntimeConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final ExecutorService pool =
            Executors.newFixedThreadPool(THREADS, new WorkerThreads("countersign-run-webhook"));

    public RunWebhookDelivery(
            RunWebhookRepository webhooks,
            RunRepository runs,
            Runs views,
            WebhookSecrets secrets,
            OutboundHttp http,
            AuditLog audit,
            RuntimeConfig config,
            ObjectMapper json,
            Clock clock) {
        this.webhooks = webhooks;
        this.runs = runs;
        this.views = views;
        this.secrets = secrets;
        this.http = http;
        this.audit = audit;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** Submits the webhooks due now. */
    @BackgroundJob
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!config.enabled()) {
            return;
        }
        Instant now = clock.instant();
        List<String> due = QuarkusTransaction.requiringNew().call(() -> webhooks.findDue(now, BATCH));
        for (String runId : due) {
            try {
                pool.execute(() -> {
                    try {
                        attempt(runId);
                    } catch (RuntimeException e) {
                        LOG.warnf("Webhook of run %s did not complete: %s", runId, e.toString());
                    }
                });
            } catch (RejectedExecutionException e) {
                return; // shutting down: the lease (never taken) leaves it to the next start
            }
        }
    }

    @BackgroundJob
    @Scheduled(
            every = "1h",
            delay = 5,
            delayUnit = TimeUnit.MINUTES,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteOld() {
        QuarkusTransaction.requiringNew()
                .run(() -> webhooks.deleteFinishedBefore(clock.instant().minus(KEEP_FINISHED)));
    }

    /** A claimed attempt: the run, its attempt number, where to and what to send. */
    record Claimed(String runId, String agent, int attempt, URI url, String body) {}

    /** How an attempt ended. */
    record Result(boolean sent, boolean retry, int status, String error, Optional<Duration> retryAfter) {}

    /** Attempts the run's webhook if it is due and nobody else holds it; otherwise does nothing. */
    public void attempt(String runId) {
        claim(runId).ifPresent(claimed -> record(claimed, send(claimed)));
    }

    private Optional<Claimed> claim(String runId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            if (!webhooks.claim(runId, now, now.plus(config.webhook().lease()))) {
                return Optional.empty();
            }
            RunWebhookEntity job = webhooks.findById(runId);
            RunEntity run = runs.findById(runId);
            if (run == null || run.callbackUrl == null) {
                webhooks.markFailed(runId, job.attempts, 0, "the run is gone", now);
                return Optional.empty();
            }
            RunView view = views.view(run.agent, run.id, false);
            return Optional.of(new Claimed(
                    run.id, run.agent, job.attempts, URI.create(run.callbackUrl), json.writeValueAsString(view)));
        });
    }

    Result send(Claimed claimed) {
        Instant now = clock.instant();
        HttpRequest request;
        try {
            request = http.request(claimed.url())
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header(SIGNATURE_HEADER, WebhookSignature.header(secrets.of(claimed.agent()), now, claimed.body()))
                    .header("X-Countersign-Delivery", claimed.runId())
                    .POST(HttpRequest.BodyPublishers.ofString(claimed.body()))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Result(true, false, status, null, Optional.empty());
            }
            boolean retry = status == 408 || status == 425 || status == 429 || status >= 500;
            return new Result(
                    false,
                    retry,
                    status,
                    "the callback answered HTTP " + status,
                    RetryAfter.of(response.headers(), now));
        } catch (OutboundUrlRejected e) {
            return new Result(false, false, 0, "the callback url " + e.getMessage(), Optional.empty());
        } catch (IOException | IllegalArgumentException e) {
            return new Result(
                    false,
                    true,
                    0,
                    "the callback could not be reached: " + e.getClass().getSimpleName(),
                    Optional.empty());
        }
    }

    private void record(Claimed claimed, Result result) {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = clock.instant();
            int attempt = claimed.attempt();
            String id = claimed.runId();
            if (result.sent()) {
                if (webhooks.markSent(id, attempt, result.status(), now)) {
                    audit.record(event("run.webhook_sent", "success", claimed, result));
                }
                return;
            }
            RetryDelay delay = new RetryDelay(
                    config.webhook().backoffBase(), config.webhook().backoffCap());
            Instant next = now.plus(delay.after(attempt, result.retryAfter(), bound -> 1 + RANDOM.nextLong(bound)));
            if (result.retry() && attempt < config.webhook().maxAttempts()) {
                if (webhooks.scheduleRetry(id, attempt, result.status(), result.error(), next)) {
                    audit.record(event("run.webhook_attempt_failed", "failure", claimed, result));
                }
            } else if (webhooks.markFailed(id, attempt, result.status(), result.error(), now)) {
                audit.record(event("run.webhook_failed", "failure", claimed, result));
                LOG.infof("Webhook of run %s failed for good after %d attempts (%s)", id, attempt, result.error());
            }
        });
    }

    private static AuditEvent event(String type, String outcome, Claimed claimed, Result result) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("attempt", Integer.toString(claimed.attempt()));
        if (result.status() != 0) {
            detail.put("http_status", Integer.toString(result.status()));
        }
        if (result.error() != null) {
            detail.put("error", result.error());
        }
        return new AuditEvent(type, outcome, "system", claimed.agent(), null, "run:" + claimed.runId(), Map.of())
                .withDetail(detail);
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }
}
