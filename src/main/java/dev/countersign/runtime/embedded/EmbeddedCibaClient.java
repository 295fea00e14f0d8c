package dev.countersign.runtime.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.ciba.Acknowledgement;
import dev.countersign.ciba.CibaParameters;
import dev.countersign.ciba.DeviceReach;
import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import dev.countersign.provider.Client;
import dev.countersign.provider.TokenResponse;
import dev.countersign.runtime.CibaAuthenticationRequest;
import dev.countersign.runtime.CibaClient;
import dev.countersign.runtime.PollOutcome;
import dev.countersign.runtime.StartOutcome;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link CibaClient} for the provider in this service: the same validation, state machine and
 * token minting as {@code /bc-authorize} and {@code /token}, called in-process (no HTTP round trip),
 * as the runtime's own registered client. The provider fires an event when the user decides, so
 * this adapter pings ({@link DecisionPings}): the runtime polls once, right after the decision.
 */
@ApplicationScoped
@Identifier("embedded")
public class EmbeddedCibaClient implements CibaClient {
    private final RuntimeClient runtimeClient;
    private final EmbeddedProviderCalls calls;
    private final ObjectMapper json;
    private final DeviceReach reach;

    EmbeddedCibaClient(RuntimeClient runtimeClient, EmbeddedProviderCalls calls, ObjectMapper json, DeviceReach reach) {
        this.reach = reach;
        this.runtimeClient = runtimeClient;
        this.calls = calls;
        this.json = json;
    }

    @Override
    public StartOutcome start(CibaAuthenticationRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(CibaParameters.SCOPE, request.scope());
        form.put(CibaParameters.LOGIN_HINT, request.loginHint());
        request.bindingMessage().ifPresent(m -> form.put(CibaParameters.BINDING_MESSAGE, m));
        request.authorizationDetails().ifPresent(d -> form.put(CibaParameters.AUTHORIZATION_DETAILS, d));
        request.requestedExpiry()
                .ifPresent(e -> form.put(CibaParameters.REQUESTED_EXPIRY, Long.toString(e.toSeconds())));
        try {
            Client client =
                    runtimeClient.allowing(scopes(request.scope()), detailTypes(request.authorizationDetails()));
            Acknowledgement ack = calls.start(client, FormParameters.of(form));
            return new StartOutcome.Started(
                    ack.authReqId(),
                    Duration.ofSeconds(ack.expiresIn()),
                    Optional.of(Duration.ofSeconds(ack.interval())));
        } catch (OAuthException e) {
            return new StartOutcome.Refused(e.status(), e.error().code(), Optional.ofNullable(e.description()));
        }
    }

    @Override
    public PollOutcome poll(String authReqId) {
        return poll(authReqId, Optional.empty());
    }

    /** Polls in-process; the delegated token's {@code act} nests the agent (RFC 8693 §4.1). */
    @Override
    public PollOutcome poll(String authReqId, Optional<String> agent) {
        try {
            TokenResponse tokens = calls.token(
                    runtimeClient.client(), FormParameters.of(Map.of(CibaParameters.AUTH_REQ_ID, authReqId)), agent);
            return new PollOutcome.Issued(
                    json.writeValueAsString(tokens),
                    tokens.accessToken(),
                    tokens.tokenType(),
                    Optional.of(Duration.ofSeconds(tokens.expiresIn())));
        } catch (OAuthException e) {
            Optional<String> description = Optional.ofNullable(e.description());
            return switch (e.error()) {
                case AUTHORIZATION_PENDING -> new PollOutcome.Pending();
                case SLOW_DOWN -> new PollOutcome.SlowDown(Optional.empty());
                case ACCESS_DENIED -> new PollOutcome.Denied(description);
                case EXPIRED_TOKEN -> new PollOutcome.Expired();
                default -> new PollOutcome.Failed(e.status(), e.error().code(), description);
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a token response", e);
        }
    }

    /** The provider in this service knows whether the request reached a device of the user. */
    @Override
    public Optional<String> waitingReason(String authReqId) {
        return reach.reachedNoDevice(authReqId) ? Optional.of(DeviceReach.NO_DEVICE_REASON) : Optional.empty();
    }

    @Override
    public boolean pings() {
        return true;
    }

    @Override
    public boolean pollsInCallersTransaction() {
        return true;
    }

    /** The request leaves the user's inbox at once (stored as expired; see the ciba package). */
    @Override
    public boolean withdraw(String authReqId) {
        return calls.withdraw(runtimeClient.client(), authReqId);
    }

    private static Set<String> scopes(String scope) {
        return new LinkedHashSet<>(Arrays.asList(scope.split(" ")));
    }

    private Set<String> detailTypes(Optional<String> details) {
        Set<String> types = new LinkedHashSet<>();
        if (details.isEmpty()) {
            return types;
        }
        try {
            JsonNode array = json.readTree(details.get());
            array.forEach(entry -> {
                if (entry.path("type").isTextual()) {
                    types.add(entry.get("type").textValue());
                }
            });
        } catch (JsonProcessingException e) {
            // The provider refuses malformed details with invalid_authorization_details.
        }
        return types;
    }
}
