package dev.countersign.ciba;

import dev.countersign.ciba.store.BackchannelRequestEntity;
import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.ciba.store.PollState;
import dev.countersign.ciba.store.PollStates;
import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import dev.countersign.common.SecretHasher;
import dev.countersign.provider.Client;
import dev.countersign.provider.GrantHandler;
import dev.countersign.provider.SenderConstraint;
import dev.countersign.provider.TokenDeliveryMode;
import dev.countersign.provider.TokenResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The CIBA grant at the token endpoint (CIBA Core 1.0 §10.1, §11). The checks run in this order:
 * a push-mode client → {@code unauthorized_client} (§11); unknown or another client's {@code auth_req_id} → {@code invalid_grant} (the owner's request is
 * not touched); already redeemed → {@code invalid_grant}; expired → {@code expired_token}; polled
 * faster than the interval → {@code slow_down} and the interval grows by 5 s ({@link PollPacing});
 * denied →
 * {@code access_denied}; pending → {@code authorization_pending} (whose description says so when the
 * request reached no device of the user, {@link DeviceReach}); approved → one conditional
 * {@code APPROVED → ISSUED} update, so that under any number of concurrent polls on any number of
 * instances exactly one caller receives tokens.
 *
 * <p>A poll that is not redeemed writes nothing: the time of the last poll and the grown interval
 * are kept in memory by {@link PollPacing}. A poll of a pending request is answered before any
 * transaction begins ({@link #answerWithoutWriting}), from one indexed read of committed rows;
 * every other answer comes from {@link #handle}, which reads the request again in the transaction.
 */
@ApplicationScoped
public class CibaGrant implements GrantHandler {
    private final BackchannelRequestRepository requests;
    private final SecretHasher hasher;
    private final CibaTokens tokens;
    private final Clock clock;
    private final PollPacing pacing;
    private final PollStates pollStates;

    public CibaGrant(
            BackchannelRequestRepository requests,
            SecretHasher hasher,
            CibaTokens tokens,
            Clock clock,
            PollPacing pacing,
            PollStates pollStates) {
        this.pacing = pacing;
        this.pollStates = pollStates;
        this.requests = requests;
        this.hasher = hasher;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public String grantType() {
        return Client.CIBA_GRANT;
    }

    @Override
    @Transactional(dontRollbackOn = OAuthException.class)
    public TokenResponse handle(Client client, FormParameters parameters, SenderConstraint constraint) {
        return handle(client, parameters, constraint, Optional.empty());
    }

    /**
     * {@code authorization_pending} or {@code slow_down} for a poll of this client's pending,
     * unexpired request, decided as {@link #handle} would decide it (the same checks in the same
     * order, the same pacing) but from a read of committed rows outside any transaction; any other
     * case returns, without touching the pacing, and {@link #handle} answers it.
     */
    @Override
    public void answerWithoutWriting(Client client, FormParameters parameters) {
        Optional<String> authReqId = parameters.get(CibaParameters.AUTH_REQ_ID);
        if (client.deliveryMode() == TokenDeliveryMode.PUSH || authReqId.isEmpty()) {
            return;
        }
        String hash = hasher.hash(authReqId.get());
        Optional<PollState> found = pollStates.find(hash);
        if (found.isEmpty()) {
            return;
        }
        PollState request = found.get();
        Instant now = clock.instant();
        if (!request.clientId().equals(client.clientId())
                || !RequestState.PENDING.name().equals(request.state())
                || !now.isBefore(request.expiresAt())) {
            return;
        }
        pace(hash, now, request.intervalSeconds(), request.expiresAt());
        throw pending(request.unreached());
    }

    /**
     * The CIBA grant for an in-process caller that knows who asked it to act: the access token's
     * {@code act} then nests {@code priorActor} (RFC 8693 §4.1). Used by the embedded runtime only.
     */
    @Transactional(dontRollbackOn = OAuthException.class)
    public TokenResponse handle(
            Client client, FormParameters parameters, SenderConstraint constraint, Optional<String> priorActor) {
        refusePushClients(client);
        String authReqId = parameters
                .get(CibaParameters.AUTH_REQ_ID)
                .orElseThrow(() -> OAuthException.invalidRequest("auth_req_id is required"));
        String hash = hasher.hash(authReqId);
        BackchannelRequestEntity request = requests.findByAuthReqIdHash(hash)
                .filter(r -> r.clientId.equals(client.clientId()))
                .orElseThrow(() -> OAuthException.invalidGrant("auth_req_id is unknown, used or not issued to you"));
        Instant now = clock.instant();
        if (RequestState.ISSUED.name().equals(request.state)) {
            throw OAuthException.invalidGrant("auth_req_id is unknown, used or not issued to you");
        }
        if (!now.isBefore(request.expiresAt)) {
            throw OAuthException.of(OAuthError.EXPIRED_TOKEN, "the authentication request has expired");
        }
        pace(hash, now, request.intervalSeconds, request.expiresAt);
        return switch (RequestState.valueOf(request.state)) {
            case DENIED -> throw OAuthException.of(OAuthError.ACCESS_DENIED, "the user denied the request");
            case PENDING -> throw pending(request.unreachedAt != null);
            case APPROVED -> issue(client, request, hash, now, constraint, priorActor);
            case ISSUED, EXPIRED ->
                throw OAuthException.invalidGrant("auth_req_id is unknown, used or not issued to you");
        };
    }

    private static OAuthException pending(boolean unreached) {
        return OAuthException.of(
                OAuthError.AUTHORIZATION_PENDING,
                unreached ? DeviceReach.NO_DEVICE_DESCRIPTION : "the user has not decided yet");
    }

    // §11 slow_down: a poll before the interval has passed grows the interval for this request.
    private void pace(String hash, Instant now, int requestInterval, Instant expiresAt) {
        PollPacing.Poll poll = pacing.poll(hash, now, requestInterval, expiresAt);
        if (!poll.onTime()) {
            throw OAuthException.of(
                    OAuthError.SLOW_DOWN,
                    "polled before the interval passed; the interval is now " + poll.intervalSeconds() + " s");
        }
    }

    private TokenResponse issue(
            Client client,
            BackchannelRequestEntity request,
            String hash,
            Instant now,
            SenderConstraint constraint,
            Optional<String> priorActor) {
        if (!requests.markIssued(hash, client.clientId(), now)) {
            throw OAuthException.invalidGrant("auth_req_id is unknown, used or not issued to you");
        }
        pacing.forget(hash);
        return tokens.mint(client, request, Map.of(), constraint, priorActor);
    }

    /**
     * CIBA Core 1.0 §11 unauthorized_client: "The Client is not authorized as it is configured in
     * Push Mode"; its tokens reach it only at its notification endpoint (§10.3).
     */
    private static void refusePushClients(Client client) {
        if (client.deliveryMode() == TokenDeliveryMode.PUSH) {
            throw OAuthException.unauthorizedClient(
                    "the client is registered for the push mode: tokens are delivered to its notification endpoint");
        }
    }
}
