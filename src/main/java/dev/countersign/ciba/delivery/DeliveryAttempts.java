package dev.countersign.ciba.delivery;

import dev.countersign.ciba.CibaConfig;
import dev.countersign.ciba.store.DeliveryJobEntity;
import dev.countersign.ciba.store.DeliveryJobRepository;
import dev.countersign.common.outbound.OutboundHttp;
import dev.countersign.common.outbound.OutboundUrlRejected;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * One attempt at a delivery job: claim it (a conditional update that sets a lease, its own
 * transaction), POST the notification outside any transaction, then record the outcome (its own
 * transaction, guarded by the attempt number so a stale attempt changes nothing).
 *
 * <p>CIBA Core 1.0 §10.2 and §10.3: the OP posts JSON with the client notification token as a
 * bearer token; "The Client MUST respond with an HTTP 204 No Content. The OP SHOULD also accept HTTP
 * 200 OK"; any 2xx counts here. "The OP MUST NOT follow redirects": a 3xx is a failed attempt
 * ({@link OutboundHttp} never follows one). How the OP handles 4xx and 5xx "is out-of-scope of this
 * specification": here every failure is retried with backoff until the attempts or age run out.
 */
@ApplicationScoped
public class DeliveryAttempts {
    private final DeliveryJobRepository jobs;
    private final NotificationSecrets secrets;
    private final OutboundHttp http;
    private final DeliveryOutcomes outcomes;
    private final CibaConfig config;
    private final Clock clock;

    DeliveryAttempts(
            DeliveryJobRepository jobs,
            NotificationSecrets secrets,
            OutboundHttp http,
            DeliveryOutcomes outcomes,
            CibaConfig config,
            Clock clock) {
        this.jobs = jobs;
        this.secrets = secrets;
        this.http = http;
        this.outcomes = outcomes;
        this.config = config;
        this.clock = clock;
    }

    /** Attempts the job if it is due and nobody else holds it; otherwise does nothing. */
    public void attempt(String jobId) {
        claim(jobId).ifPresent(this::attempt);
    }

    /** Makes an attempt this instance already holds the claim of, and records how it ended. */
    void attempt(Claimed claimed) {
        outcomes.record(claimed, send(claimed));
    }

    private Optional<Claimed> claim(String jobId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            if (!jobs.claim(jobId, now, now.plus(config.delivery().lease()))) {
                return Optional.empty();
            }
            DeliveryJobEntity job = jobs.findById(jobId);
            Notification notification = secrets.openNotification(job.id, job.payload);
            return Optional.of(new Claimed(job.id, job.attempts, URI.create(job.endpoint), notification));
        });
    }

    private Outcome send(Claimed claimed) {
        HttpRequest request = http.request(claimed.endpoint())
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + claimed.notification().bearer())
                .POST(HttpRequest.BodyPublishers.ofString(claimed.notification().body()))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300
                    ? Outcome.delivered(status)
                    : Outcome.failed(status, "the endpoint answered HTTP " + status);
        } catch (OutboundUrlRejected e) {
            return Outcome.failed(0, "the endpoint " + e.getMessage());
        } catch (IOException e) {
            return Outcome.failed(
                    0, "the endpoint could not be reached: " + e.getClass().getSimpleName());
        }
    }

    /** A claimed attempt: the job, its attempt number, where to post and what. */
    record Claimed(String jobId, int attempt, URI endpoint, Notification notification) {}

    /** How an attempt ended; {@code status} is the HTTP status, 0 when there was no answer. */
    record Outcome(boolean delivered, int status, String error) {
        static Outcome delivered(int status) {
            return new Outcome(true, status, null);
        }

        static Outcome failed(int status, String error) {
            return new Outcome(false, status, error);
        }
    }
}
