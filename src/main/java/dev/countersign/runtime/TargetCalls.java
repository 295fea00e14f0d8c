package dev.countersign.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.common.outbound.OutboundHttp;
import dev.countersign.common.outbound.OutboundUrlRejected;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Makes the one call of a run to its target with the delegated token: {@code Authorization:
 * <token_type> <token>} (RFC 6750 §2.1), {@code Idempotency-Key: <run id>} so that the target can
 * recognise a repeat, the params as a JSON body for methods that carry one, the action's timeout
 * and a bound on the response read. The token is held only for the call, never stored or logged.
 * The call goes through {@link OutboundHttp} (no redirects, URL policy with a fresh DNS lookup).
 */
@ApplicationScoped
public class TargetCalls {
    /** Response headers passed on to the agent; all others are dropped. */
    static final Set<String> PASSED_HEADERS = Set.of("content-type", "location", "etag", "retry-after", "x-request-id");

    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private final OutboundHttp http;
    private final ActionDefinitions definitions;
    private final ObjectMapper json;

    public TargetCalls(OutboundHttp http, ActionDefinitions definitions, ObjectMapper json) {
        this.http = http;
        this.definitions = definitions;
        this.json = json;
    }

    /** How the call ended: a final status and reason, and what the target answered if it did. */
    public record Outcome(RunStatus status, String reason, Integer targetStatus, String headers, String body) {}

    /** The call described by a run, already approved. */
    public record Call(String runId, String method, URI url, String params, Duration timeout, int maxResponseBytes) {}

    public Outcome call(Call call, String tokenType, String accessToken) {
        if (!definitions.allowsHost(call.url().getHost())) {
            return failed("target_host_not_allowed");
        }
        HttpRequest.Builder request = http.request(call.url())
                .timeout(call.timeout())
                .header("Authorization", tokenType + " " + accessToken)
                .header("Idempotency-Key", call.runId())
                .header("Accept", "application/json");
        if (WITH_BODY.contains(call.method())) {
            request.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofString(call.params()));
        } else {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            return answered(response, call.maxResponseBytes());
        } catch (OutboundUrlRejected e) {
            return failed("target_url_refused");
        } catch (ConnectException e) {
            return failed("target_unreachable");
        } catch (HttpTimeoutException e) {
            // The request may have reached the target: what it did is not known.
            return failed("target_timeout");
        } catch (IOException e) {
            return failed("outcome_unknown");
        }
    }

    private Outcome answered(HttpResponse<InputStream> response, int maxBytes) throws IOException {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(maxBytes + 1);
        }
        String headers = headers(response);
        int status = response.statusCode();
        if (body.length > maxBytes) {
            return new Outcome(RunStatus.FAILED, "target_response_too_large", status, headers, null);
        }
        boolean ok = status >= 200 && status < 300;
        return new Outcome(
                ok ? RunStatus.SUCCEEDED : RunStatus.FAILED,
                "target_status:" + status,
                status,
                headers,
                body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
    }

    private String headers(HttpResponse<?> response) {
        Map<String, String> kept = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (PASSED_HEADERS.contains(lower) && !values.isEmpty()) {
                kept.put(lower, String.join(", ", values));
            }
        });
        try {
            return json.writeValueAsString(kept);
        } catch (JsonProcessingException e) {
            return "{}";
        }
    }

    private static Outcome failed(String reason) {
        return new Outcome(RunStatus.FAILED, reason, null, null, null);
    }
}
