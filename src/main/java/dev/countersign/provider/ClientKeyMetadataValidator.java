package dev.countersign.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.common.ProblemException;
import dev.countersign.common.outbound.OutboundUrlPolicy;
import dev.countersign.common.outbound.OutboundUrlRejected;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.net.URI;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.EllipticCurve;
import java.util.List;
import java.util.Optional;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Validates the key-related client metadata: {@code jwks} and {@code jwks_uri} (RFC 7591 §2), the
 * JWT authentication methods that need them (OIDC Core §9), {@code token_endpoint_auth_signing_alg}
 * (OIDC Dynamic Client Registration 1.0 §2) and {@code backchannel_authentication_request_signing_alg}
 * (CIBA Core 1.0 §4).
 */
@Singleton
class ClientKeyMetadataValidator {
    static final int MAX_URI = 2000;
    static final int MAX_JWKS_KEYS = 10;
    static final int MIN_RSA_BITS = 2048;
    /** JWK members that only private or symmetric keys have (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private final OutboundUrlPolicy urls;

    ClientKeyMetadataValidator(OutboundUrlPolicy urls) {
        this.urls = urls;
    }

    /** The client's keys and signing algorithms, checked against its authentication method. */
    Keys validate(JsonNode body, TokenEndpointAuthMethod method) {
        if (JsonMembers.present(body, "jwks") && JsonMembers.present(body, "jwks_uri")) {
            // RFC 7591 §2: "The "jwks_uri" and "jwks" parameters MUST NOT both be present"
            throw ProblemException.badRequest("jwks and jwks_uri must not both be present");
        }
        Optional<String> jwks = jwks(body);
        Optional<URI> jwksUri = jwksUri(body);
        boolean hasKeys = jwks.isPresent() || jwksUri.isPresent();
        if (method == TokenEndpointAuthMethod.PRIVATE_KEY_JWT && !hasKeys) {
            throw ProblemException.badRequest(
                    "token_endpoint_auth_method private_key_jwt needs the client's public keys in jwks or jwks_uri");
        }
        if (method == TokenEndpointAuthMethod.CLIENT_SECRET_JWT && hasKeys) {
            throw ProblemException.badRequest(
                    "token_endpoint_auth_method client_secret_jwt uses the client secret: jwks and jwks_uri must be absent");
        }
        ClientSigning signing =
                new ClientSigning(tokenEndpointAuthSigningAlg(body, method), requestSigningAlg(body, hasKeys));
        return new Keys(jwks, jwksUri, signing);
    }

    record Keys(Optional<String> jwks, Optional<URI> jwksUri, ClientSigning signing) {}

    // token_endpoint_auth_signing_alg (OPTIONAL): "All Token Requests using these authentication
    // methods from this Client MUST be rejected, if the JWT is not signed with this algorithm."
    // "The value none MUST NOT be used."
    private static Optional<JwsAlgorithm> tokenEndpointAuthSigningAlg(JsonNode body, TokenEndpointAuthMethod method) {
        Optional<String> value = JsonMembers.string(body, "token_endpoint_auth_signing_alg");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        List<JwsAlgorithm> allowed = switch (method) {
            case PRIVATE_KEY_JWT -> JwsAlgorithm.asymmetric();
            case CLIENT_SECRET_JWT -> JwsAlgorithm.symmetric();
            default -> List.of();
        };
        return Optional.of(algorithm(value.get(), allowed, "token_endpoint_auth_signing_alg"));
    }

    // backchannel_authentication_request_signing_alg (OPTIONAL, CIBA Core 1.0 §4): "When omitted, the
    // Client will not send signed authentication requests." Verified with the client's public keys.
    private static Optional<JwsAlgorithm> requestSigningAlg(JsonNode body, boolean hasKeys) {
        Optional<String> value = JsonMembers.string(body, "backchannel_authentication_request_signing_alg");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        JwsAlgorithm alg =
                algorithm(value.get(), JwsAlgorithm.asymmetric(), "backchannel_authentication_request_signing_alg");
        if (!hasKeys) {
            throw ProblemException.badRequest(
                    "backchannel_authentication_request_signing_alg needs the client's public keys in jwks or jwks_uri");
        }
        return Optional.of(alg);
    }

    private static JwsAlgorithm algorithm(String value, List<JwsAlgorithm> allowed, String member) {
        return JwsAlgorithm.fromWire(value)
                .filter(allowed::contains)
                .orElseThrow(() -> ProblemException.badRequest(member + " must be one of "
                        + String.join(", ", allowed.stream().map(Enum::name).toList())));
    }

    // jwks (OPTIONAL), RFC 7591 §2: a JWK Set of public keys
    private static Optional<String> jwks(JsonNode body) {
        if (!JsonMembers.present(body, "jwks")) {
            return Optional.empty();
        }
        JsonNode jwks = body.get("jwks");
        JsonNode keys = jwks.get("keys");
        if (!jwks.isObject() || keys == null || !keys.isArray() || keys.isEmpty() || keys.size() > MAX_JWKS_KEYS) {
            throw ProblemException.badRequest(
                    "jwks must be a JSON object with a \"keys\" array of 1 to " + MAX_JWKS_KEYS + " keys");
        }
        for (JsonNode key : keys) {
            if (!key.isObject() || !key.path("kty").isTextual()) {
                throw ProblemException.badRequest("each key in jwks must be a JSON object with a string kty");
            }
            if (PRIVATE_MEMBERS.stream().anyMatch(key::has)) {
                throw ProblemException.badRequest("jwks must contain public keys only");
            }
            requirePublicKey(key);
        }
        return Optional.of(jwks.toString());
    }

    private static void requirePublicKey(JsonNode key) {
        try {
            JsonWebKey jwk = JsonWebKey.Factory.newJwk(JsonUtil.parseJson(key.toString()));
            if (!(jwk instanceof PublicJsonWebKey)) {
                throw ProblemException.badRequest("jwks must contain RSA, EC or OKP public keys only");
            }
            if (jwk.getKey() instanceof ECPublicKey ec && !onCurve(ec)) {
                throw ProblemException.badRequest("each EC key in jwks must be a point on its curve");
            }
            if (jwk.getKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                // RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used with these algorithms."
                throw ProblemException.badRequest("each RSA key in jwks must have at least 2048 bits");
            }
        } catch (JoseException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw ProblemException.badRequest("each key in jwks must be a valid public JWK (RFC 7517 §4)");
        }
    }

    /** SEC 1 §3.2.2.1: the public point satisfies y² = x³ + ax + b over the curve's prime field. */
    private static boolean onCurve(ECPublicKey key) {
        EllipticCurve curve = key.getParams().getCurve();
        if (!(curve.getField() instanceof ECFieldFp field)) {
            return false;
        }
        BigInteger p = field.getP();
        BigInteger x = key.getW().getAffineX();
        BigInteger y = key.getW().getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right =
                x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return y.pow(2).mod(p).equals(right);
    }

    // jwks_uri (OPTIONAL), RFC 7591 §2: an https URL the service may call (SSRF rules)
    private Optional<URI> jwksUri(JsonNode body) {
        return JsonMembers.string(body, "jwks_uri").map(value -> {
            if (value.length() > MAX_URI) {
                throw ProblemException.badRequest("jwks_uri must not be longer than " + MAX_URI + " characters");
            }
            try {
                return urls.checkRegistered(value);
            } catch (OutboundUrlRejected e) {
                throw ProblemException.badRequest("jwks_uri " + e.getMessage());
            }
        });
    }
}
