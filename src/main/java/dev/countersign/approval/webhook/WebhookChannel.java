package dev.countersign.approval.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.approval.ApprovalConfig;
import dev.countersign.approval.NotificationChannel;
import dev.countersign.approval.RetryAfter;
import dev.countersign.approval.SendResult;
import dev.countersign.ciba.PendingRequest;
import dev.countersign.common.WebhookSignature;
import dev.countersign.common.outbound.OutboundHttp;
import dev.countersign.common.outbound.OutboundUrlPolicy;
import dev.countersign.common.outbound.OutboundUrlRejected;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The operator's webhook: every new request is POSTed as JSON to
 * {@code countersign.approval.webhook.url}, signed with HMAC-SHA-256 under the configured secret in
 * {@code X-Countersign-Signature: t=<unix seconds>, v1=<hex>} over {@code <t>.<body>}
 * ({@link WebhookSignature}), so the operator's bridge (chat, SMS, a native app) can check it came
 * from here and is fresh. The body names the request, user, client, binding message and expiry: the
 * operator's own system, so details are fine. 2xx means sent; 408, 429 and 5xx are retried.
 */
@ApplicationScoped
public class WebhookChannel implements NotificationChannel {
    static final String NAME = "webhook";
    static final String SIGNATURE_HEADER = "X-Countersign-Signature";

    private final ApprovalConfig config;
    private final OutboundHttp http;
    private final OutboundUrlPolicy urls;
    private final ObjectMapper json;

    WebhookChannel(ApprovalConfig config, OutboundHttp http, OutboundUrlPolicy urls, ObjectMapper json) {
        this.config = config;
        this.http = http;
        this.urls = urls;
        this.json = json;
    }

    /** What the webhook receives. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(
            @JsonProperty("type") String type,
            @JsonProperty("request_id") String requestId,
            @JsonProperty("user_sub") String userSub,
            @JsonProperty("client_id") String clientId,
            @JsonProperty("client_name") String clientName,
            @JsonProperty("binding_message") String bindingMessage,
            @JsonProperty("created_at") long createdAt,
            @JsonProperty("expires_at") long expiresAt) {}

    /** A URL without a secret, or one the outbound policy refuses, fails the start. */
    void onStart(@Observes StartupEvent event) {
        config.webhook().url().ifPresent(url -> {
            if (config.webhook().secret().filter(s -> s.length() >= 16).isEmpty()) {
                throw new IllegalStateException(
                        "countersign.approval.webhook.secret must be set (at least 16 characters) with a webhook url");
            }
            urls.checkRegistered(url);
        });
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Message> messagesFor(PendingRequest request) {
        if (config.webhook().url().isEmpty()) {
            return List.of();
        }
        Event event = new Event(
                "approval_request",
                request.id(),
                request.userSub(),
                request.clientId(),
                request.clientName(),
                request.bindingMessage().orElse(null),
                request.createdAt().getEpochSecond(),
                request.expiresAt().getEpochSecond());
        try {
            return List.of(new Message(NAME, json.writeValueAsString(event)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook body", e);
        }
    }

    @Override
    public SendResult send(Outgoing outgoing) {
        Optional<String> url = config.webhook().url();
        if (url.isEmpty()) {
            return SendResult.failed(0, "the webhook is no longer configured");
        }
        Instant now = outgoing.now();
        String signature = WebhookSignature.header(config.webhook().secret().orElseThrow(), now, outgoing.payload());
        HttpRequest request = http.request(URI.create(url.get()))
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, signature)
                .header("X-Countersign-Delivery", outgoing.jobId())
                .POST(HttpRequest.BodyPublishers.ofString(outgoing.payload()))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            Optional<java.time.Duration> retryAfter = RetryAfter.of(response.headers(), now);
            // A webhook has no subscription to remove: 404 and 410 are failures like any other 4xx.
            return status == 404 || status == 410
                    ? SendResult.failed(status, "the webhook answered HTTP " + status)
                    : SendResult.ofHttp(status, retryAfter);
        } catch (OutboundUrlRejected e) {
            return SendResult.failed(0, "the webhook url " + e.getMessage());
        } catch (IOException e) {
            return SendResult.retry(
                    0, "the webhook could not be reached: " + e.getClass().getSimpleName(), Optional.empty());
        }
    }
}
