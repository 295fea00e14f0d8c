package dev.countersign.provider;

import dev.countersign.common.RandomTokens;
import dev.countersign.common.ServiceConfig;
import jakarta.inject.Singleton;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Mints RFC 9068 access tokens ({@code typ: at+jwt}, the agent named in {@code act}, {@code cnf.jkt}
 * when DPoP-bound per RFC 9449 §6.1) and OpenID
 * Connect Core §2 ID tokens ({@code at_hash} per §3.3.2.11), as JWS compact serializations (RFC 7515
 * §7.1) signed by the key that signs now. Times come from the injected {@link Clock}.
 *
 * <p>The claims are built with JSON-P and signed by {@link SigningAlgorithm#sign}, not through
 * smallrye-jwt-build: its signing goes through the JDK's own ECDSA, which made the two signatures of
 * a token response the largest part of its CPU time (see {@code docs/performance.md}).
 */
@Singleton
public class JwtTokenIssuer implements TokenIssuer {
    static final String ACCESS_TOKEN_TYPE = "at+jwt";
    static final String ID_TOKEN_TYPE = "JWT";
    static final String OPENID = "openid";
    /** CIBA Core 1.0 §10.3.1: the hash of the refresh token in the ID token. */
    static final String RT_HASH = "urn:openid:params:jwt:claim:rt_hash";

    private static final int JTI_BYTES = 16;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeys keys;
    private final ProviderConfig config;
    private final ServiceConfig service;
    private final Clock clock;
    private final RefreshTokens refreshTokens;

    public JwtTokenIssuer(
            SigningKeys keys, ProviderConfig config, ServiceConfig service, Clock clock, RefreshTokens refreshTokens) {
        this.keys = keys;
        this.config = config;
        this.service = service;
        this.clock = clock;
        this.refreshTokens = refreshTokens;
    }

    /**
     * The access token; an ID token when {@code openid} was granted to a user; a refresh token when
     * {@link TokenRequest#wantsRefreshToken()} (OIDC Core §11 {@code offline_access}).
     */
    @Override
    public TokenResponse issue(TokenRequest request, Map<String, String> idTokenClaims) {
        SigningKey key = keys.current();
        long now = clock.instant().getEpochSecond();
        long expiresAt = now + config.tokens().accessTokenLifetime().toSeconds();
        String jti = RandomTokens.of(JTI_BYTES);
        String accessToken = accessToken(request, key, now, jti);
        String refreshToken = request.wantsRefreshToken()
                ? refreshTokens.issue(request, jti, Instant.ofEpochSecond(expiresAt))
                : null;
        boolean forUser = !request.agentActsAsItself();
        String idToken = forUser && request.scopes().contains(OPENID)
                ? idToken(request, key, now, new Hashed(accessToken, refreshToken), idTokenClaims)
                : null;
        return new TokenResponse(
                accessToken,
                request.senderConstraint().tokenType(),
                config.tokens().accessTokenLifetime().toSeconds(),
                idToken,
                String.join(" ", request.scopes()),
                refreshToken);
    }

    /** The tokens the ID token binds by hash; {@code refreshToken} may be null. */
    private record Hashed(String accessToken, String refreshToken) {}

    /**
     * RFC 9068 §2.2 claims, plus {@code act} (RFC 8693 §4.1) naming the agent when it acts for a
     * user, with a nested {@code act} for the prior actor when there is one (the embedded runtime's
     * agent). An agent acting as itself (RFC 6749 §4.4) is the {@code sub}, with no {@code act}.
     */
    private String accessToken(TokenRequest request, SigningKey key, long now, String jti) {
        String issuer = issuer();
        Set<String> audience = request.audience()
                .or(() -> TokenAudience.of(request.authorizationDetails()))
                .orElseGet(() -> Set.of(config.tokens().defaultAudience().orElse(issuer)));
        JsonObjectBuilder claims = Json.createObjectBuilder()
                .add("iss", issuer)
                .add("sub", request.userSub())
                .add("client_id", request.client().clientId())
                .add("scope", String.join(" ", request.scopes()))
                .add("jti", jti)
                .add("iat", now)
                .add("exp", now + config.tokens().accessTokenLifetime().toSeconds());
        if (!request.agentActsAsItself()) {
            // RFC 8693 §4.1: the outermost act is the current actor (the client presenting the
            // token); a nested act names the prior actor that asked it to act.
            var act = Json.createObjectBuilder().add("sub", request.client().clientId());
            request.priorActor()
                    .ifPresent(
                            prior -> act.add("act", Json.createObjectBuilder().add("sub", prior)));
            claims.add("act", act);
        }
        if (audience.size() == 1) {
            claims.add("aud", audience.iterator().next());
        } else {
            claims.add("aud", Json.createArrayBuilder(audience));
        }
        request.authorizationDetails()
                .ifPresent(details -> claims.add("authorization_details", TokenAudience.parse(details)));
        if (!request.agentActsAsItself()) {
            authentication(claims, request);
        }
        request.approvalReceipt().ifPresent(id -> claims.add(ApprovalReceiptEvidence.CLAIM, id));
        // RFC 9449 §6.1: "the jkt member MUST be the base64url encoding ... of the JWK SHA-256 Thumbprint"
        request.senderConstraint()
                .jkt()
                .ifPresent(jkt -> claims.add("cnf", Json.createObjectBuilder().add("jkt", jkt)));
        return sign(claims, key, ACCESS_TOKEN_TYPE);
    }

    /**
     * OpenID Connect Core §2 and §3.3.2.11 ({@code at_hash}); CIBA Core 1.0 §10.3.1: "the OP MUST
     * include the hash value of the Access Token and the auth_req_id within the ID Token using the
     * at_hash and urn:openid:params:jwt:claim:auth_req_id claims respectively ... If a refresh token
     * is issued, the hash of it MUST be included using the urn:openid:params:jwt:claim:rt_hash claim",
     * computed like {@code at_hash}.
     */
    private String idToken(
            TokenRequest request, SigningKey key, long now, Hashed hashed, Map<String, String> extraClaims) {
        JsonObjectBuilder claims = Json.createObjectBuilder()
                .add("iss", issuer())
                .add("sub", request.userSub())
                .add("aud", request.client().clientId())
                .add("iat", now)
                .add("exp", now + config.tokens().idTokenLifetime().toSeconds())
                .add("jti", RandomTokens.of(JTI_BYTES))
                .add("at_hash", atHash(hashed.accessToken(), key.alg()));
        if (hashed.refreshToken() != null) {
            claims.add(RT_HASH, atHash(hashed.refreshToken(), key.alg()));
        }
        extraClaims.forEach(claims::add);
        authentication(claims, request);
        return sign(claims, key, ID_TOKEN_TYPE);
    }

    private static void authentication(JsonObjectBuilder claims, TokenRequest request) {
        claims.add("auth_time", request.authTime().getEpochSecond());
        request.acr().ifPresent(acr -> claims.add("acr", acr));
        if (!request.amr().isEmpty()) {
            claims.add("amr", Json.createArrayBuilder(request.amr()));
        }
    }

    /**
     * RFC 7515 §7.1: BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature), the header
     * naming the algorithm, the key ({@code kid}) and the token type ({@code typ}, RFC 9068 §2.1).
     */
    static String sign(JsonObjectBuilder claims, SigningKey key, String type) {
        String header = Json.createObjectBuilder()
                .add("kid", key.kid())
                .add("typ", type)
                .add("alg", key.alg().name())
                .build()
                .toString();
        String signingInput = BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(claims.build().toString().getBytes(StandardCharsets.UTF_8));
        byte[] signature =
                key.alg().sign(key.privateKey().orElseThrow(), signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + BASE64URL.encodeToString(signature);
    }

    /**
     * OpenID Connect Core §3.3.2.11: base64url of the left half of the hash of the ASCII access token,
     * with the hash of the ID token's signing algorithm.
     */
    static String atHash(String accessToken, SigningAlgorithm alg) {
        try {
            byte[] digest = MessageDigest.getInstance(alg.hashAlgorithm())
                    .digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg.hashAlgorithm() + " is not available", e);
        }
    }

    private String issuer() {
        return service.issuer().toString();
    }
}
