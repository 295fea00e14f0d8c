package dev.countersign.approval.webpush;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.approval.ApprovalConfig;
import dev.countersign.approval.Devices;
import dev.countersign.approval.NotificationChannel;
import dev.countersign.approval.PushSubscription;
import dev.countersign.approval.RetryAfter;
import dev.countersign.approval.SendResult;
import dev.countersign.ciba.PendingRequest;
import dev.countersign.common.outbound.OutboundHttp;
import dev.countersign.common.outbound.OutboundUrlRejected;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Web Push to each of the user's registered devices: the contract's neutral message (a request id
 * and a title, no detail) encrypted for the subscription ({@link Aes128Gcm}, RFC 8291) and POSTed to
 * its push service (RFC 8030 §5) with a VAPID token (RFC 8292), {@code TTL} (the request's remaining
 * lifetime, capped), {@code Urgency} and a {@code Topic} derived from the request id, so that a newer
 * message for the same request replaces an undelivered older one. 201 and 202 (any 2xx) mean sent;
 * 404 and 410 mean the subscription is gone (RFC 8030 §7.3) and the device is removed.
 */
@ApplicationScoped
public class WebPushChannel implements NotificationChannel {
    static final String NAME = "webpush";

    private final Devices devices;
    private final VapidTokens vapid;
    private final OutboundHttp http;
    private final ApprovalConfig config;
    private final ObjectMapper json;

    WebPushChannel(Devices devices, VapidTokens vapid, OutboundHttp http, ApprovalConfig config, ObjectMapper json) {
        this.devices = devices;
        this.vapid = vapid;
        this.http = http;
        this.config = config;
        this.json = json;
    }

    /** The stored payload of one push: where to and the plaintext message. */
    record Stored(
            @JsonProperty("endpoint") String endpoint,
            @JsonProperty("p256dh") String p256dh,
            @JsonProperty("auth") String auth,
            @JsonProperty("message") String message) {}

    /** The contract's push message (docs/api.md): no sensitive detail. */
    record PushMessage(
            @JsonProperty("type") String type,
            @JsonProperty("request_id") String requestId,
            @JsonProperty("title") String title,
            @JsonProperty("body") String body,
            @JsonProperty("url") String url) {
        static PushMessage of(String requestId) {
            return new PushMessage(
                    "approval_request",
                    requestId,
                    "Approval needed",
                    "An agent is waiting for your decision",
                    "/app/requests/" + requestId);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Message> messagesFor(PendingRequest request) {
        if (!config.webpush().enabled()) {
            return List.of();
        }
        String message = write(PushMessage.of(request.id()));
        return devices.subscriptionsOf(request.userSub()).stream()
                .map(device -> new Message(
                        device.getKey(),
                        write(new Stored(
                                device.getValue().endpoint().toString(),
                                device.getValue().p256dhText(),
                                device.getValue().authText(),
                                message))))
                .toList();
    }

    @Override
    public SendResult send(Outgoing outgoing) {
        return prepare(outgoing).send();
    }

    /** Encrypts the message and builds the request, VAPID token included: all but the POST. */
    @Override
    public Ready prepare(Outgoing outgoing) {
        Stored stored = read(outgoing.payload());
        PushSubscription subscription =
                PushSubscription.of(URI.create(stored.endpoint()), stored.p256dh(), stored.auth());
        byte[] body = Aes128Gcm.encrypt(stored.message().getBytes(StandardCharsets.UTF_8), subscription);
        Duration ttl = Duration.between(outgoing.now(), outgoing.expiresAt());
        if (ttl.compareTo(config.webpush().maxTtl()) > 0) {
            ttl = config.webpush().maxTtl();
        }
        HttpRequest request = http.request(subscription.endpoint())
                .header("Authorization", vapid.authorization(subscription.origin(), outgoing.now()))
                .header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .header("TTL", Long.toString(Math.max(0, ttl.toSeconds())))
                .header("Urgency", config.webpush().urgency())
                .header("Topic", topic(outgoing.requestId()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return () -> post(request, outgoing.now());
    }

    private SendResult post(HttpRequest request, Instant now) {
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return SendResult.ofHttp(response.statusCode(), RetryAfter.of(response.headers(), now));
        } catch (OutboundUrlRejected e) {
            return SendResult.failed(0, "the push service endpoint " + e.getMessage());
        } catch (IOException e) {
            return SendResult.retry(
                    0, "the push service could not be reached: " + e.getClass().getSimpleName(), Optional.empty());
        }
    }

    @Override
    public void delivered(String target, Instant now) {
        devices.used(target, now);
    }

    @Override
    public void gone(String target) {
        devices.forget(target);
    }

    /** RFC 8030 §5.4: at most 32 characters of the URL-safe base64 alphabet; the request id without dashes. */
    static String topic(String requestId) {
        String topic = requestId.replaceAll("[^A-Za-z0-9_-]", "").replace("-", "");
        return topic.length() > 32 ? topic.substring(0, 32) : topic;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a push message", e);
        }
    }

    private Stored read(String payload) {
        try {
            return json.readValue(payload, Stored.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored push message cannot be read", e);
        }
    }
}
