package dev.countersign.provider;

import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import dev.countersign.common.SecretHasher;
import dev.countersign.common.ServiceConfig;
import dev.countersign.provider.store.DpopProofRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * DPoP (RFC 9449) as the token endpoint and protected resources apply it: the proof's checks
 * ({@link DpopProofValidator}), the server nonce when configured (§4.3 check 10, §8), the single use
 * of its {@code jti} across all instances (§11.1), and a client's {@code dpop_bound_access_tokens}
 * requirement (§5.2). The request URI a proof must name is built from {@code countersign.issuer}, the
 * public URL, never from the Host header a proxy may have rewritten.
 */
@ApplicationScoped
public class DpopProofs {
    /** RFC 9449 §4.1: the request header carrying the proof. */
    public static final String HEADER = "DPoP";
    /** RFC 9449 §8: the response header supplying a nonce. */
    public static final String NONCE_HEADER = "DPoP-Nonce";

    private final DpopProofValidator validator;
    private final DpopNonces nonces;
    private final DpopProofRepository proofs;
    private final SecretHasher hasher;
    private final ProviderConfig.Dpop config;
    private final String base;

    public DpopProofs(
            ProviderConfig config,
            ServiceConfig service,
            DpopNonces nonces,
            DpopProofRepository proofs,
            SecretHasher hasher,
            Clock clock) {
        this.config = config.dpop();
        this.validator = new DpopProofValidator(
                EnumSet.copyOf(this.config.signingAlgValues()),
                this.config.proofMaxAge(),
                this.config.clockSkew(),
                clock);
        this.nonces = nonces;
        this.proofs = proofs;
        this.hasher = hasher;
        this.base = service.endpoint("");
    }

    /**
     * How the tokens of a token request are bound. RFC 9449 §5.2: when a client registered
     * {@code dpop_bound_access_tokens}, "the authorization server MUST reject token requests from the
     * client that do not contain the DPoP header"; without a header other clients get bearer tokens.
     *
     * @param headerValues every {@code DPoP} header field of the request, possibly none
     * @param path the endpoint's path below the issuer, e.g. {@code /token}
     */
    public SenderConstraint forTokenRequest(Client client, List<String> headerValues, String method, String path) {
        if (headerValues == null || headerValues.isEmpty()) {
            if (client.dpopBoundAccessTokens()) {
                throw withNonce(OAuthException.invalidDpopProof(
                        "this client is registered with dpop_bound_access_tokens and must send a DPoP proof"));
            }
            return SenderConstraint.NONE;
        }
        return SenderConstraint.dpop(
                check(headerValues, method, path, Optional.empty()).jkt());
    }

    /** A proof presented to a protected resource together with an access token (RFC 9449 §7). */
    public DpopProof forResourceRequest(List<String> headerValues, String method, String path, String accessToken) {
        return check(headerValues == null ? List.of() : headerValues, method, path, Optional.of(accessToken));
    }

    /** RFC 9449 §8.2: the nonce to supply with a response, when nonces are required. */
    public Optional<String> nonceToSupply() {
        return config.nonceRequired() ? Optional.of(nonces.current()) : Optional.empty();
    }

    /** The JWS algorithms accepted for proofs (RFC 9449 §5.1 dpop_signing_alg_values_supported). */
    public List<String> signingAlgValues() {
        return config.signingAlgValues().stream().map(Enum::name).toList();
    }

    private DpopProof check(List<String> headerValues, String method, String path, Optional<String> accessToken) {
        DpopProof proof;
        try {
            proof = validator.validate(headerValues, method, base + path, accessToken);
        } catch (OAuthException e) {
            throw withNonce(e);
        }
        // §4.3 check 10 and §8: a proof without a recent nonce of ours answers use_dpop_nonce with a fresh one.
        if (config.nonceRequired() && proof.nonce().filter(nonces::isRecent).isEmpty()) {
            throw OAuthException.of(OAuthError.USE_DPOP_NONCE, "the DPoP proof must carry the nonce in DPoP-Nonce")
                    .withHeader(NONCE_HEADER, nonces.current());
        }
        // §11.1: "store the jti value of each DPoP proof for the time window in which the respective DPoP
        // proof JWT would be accepted"; "store only a hash thereof".
        String hash = hasher.hash("dpop/" + proof.jkt() + "/" + proof.jti());
        if (!proofs.recordFirstUse(hash, proof.iat().plus(config.proofMaxAge()).plus(config.clockSkew()))) {
            throw withNonce(OAuthException.invalidDpopProof("the DPoP proof was used before"));
        }
        return proof;
    }

    // §8: "The rejection response MAY include a DPoP-Nonce HTTP header providing a new nonce value".
    private OAuthException withNonce(OAuthException e) {
        return config.nonceRequired() ? e.withHeader(NONCE_HEADER, nonces.current()) : e;
    }
}
