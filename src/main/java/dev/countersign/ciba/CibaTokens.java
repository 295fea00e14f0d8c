package dev.countersign.ciba;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.ciba.store.BackchannelRequestEntity;
import dev.countersign.provider.Client;
import dev.countersign.provider.SenderConstraint;
import dev.countersign.provider.TokenIssuer;
import dev.countersign.provider.TokenRequest;
import dev.countersign.provider.TokenResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Mints the tokens of an approved backchannel request, once, after the caller won the conditional
 * {@code APPROVED → ISSUED} update: at the token endpoint (poll and ping) or at approval (push).
 * Records {@code token.issued} in the caller's transaction.
 */
@ApplicationScoped
public class CibaTokens {
    private final TokenIssuer tokens;
    private final AuditLog audit;

    public CibaTokens(TokenIssuer tokens, AuditLog audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    /**
     * @param idTokenClaims extra ID token claims, e.g. {@code urn:openid:params:jwt:claim:auth_req_id}
     *     in push mode (CIBA Core 1.0 §10.3.1)
     * @param constraint the DPoP key the tokens are bound to (RFC 9449), or none; push has no token
     *     request that could carry a proof
     */
    public TokenResponse mint(
            Client client,
            BackchannelRequestEntity request,
            Map<String, String> idTokenClaims,
            SenderConstraint constraint) {
        return mint(client, request, idTokenClaims, constraint, Optional.empty());
    }

    /** As above, naming {@code priorActor} in a nested {@code act} (RFC 8693 §4.1). */
    public TokenResponse mint(
            Client client,
            BackchannelRequestEntity request,
            Map<String, String> idTokenClaims,
            SenderConstraint constraint,
            Optional<String> priorActor) {
        Set<String> scopes = new LinkedHashSet<>(List.of(request.scope.split(" ")));
        TokenResponse response = tokens.issue(
                new TokenRequest(
                                client,
                                request.userSub,
                                scopes,
                                Optional.ofNullable(request.authorizationDetails),
                                request.decidedAt,
                                Optional.ofNullable(request.acr),
                                request.amr == null ? List.of() : List.of(request.amr.split(" ")))
                        .withSenderConstraint(constraint)
                        .withPriorActor(priorActor)
                        .withApprovalReceipt(Optional.ofNullable(request.receiptId)),
                idTokenClaims);
        audit.record(AuditEvent.success(
                        "token.issued",
                        "client:" + client.clientId(),
                        client.clientId(),
                        request.userSub,
                        "request:" + request.id)
                .withDetail(Map.of(
                        "grant_type",
                        Client.CIBA_GRANT,
                        "scope",
                        request.scope,
                        "delivery_mode",
                        client.deliveryMode().wire(),
                        "token_type",
                        constraint.tokenType(),
                        "dpop_jkt",
                        constraint.jkt().orElse(""))));
        return response;
    }
}
