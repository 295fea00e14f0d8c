package dev.countersign.provider;

import java.time.Instant;
import java.util.Optional;

/**
 * A DPoP proof (RFC 9449 §4.2) whose signature, type, algorithm, key, {@code htm}, {@code htu},
 * {@code iat} and (at a resource) {@code ath} have been checked by {@link DpopProofValidator}; single
 * use and the server nonce are checked by {@link DpopProofs}.
 *
 * @param jkt the RFC 7638 SHA-256 thumbprint of the proof's {@code jwk}, base64url
 * @param jti the proof's unique identifier
 * @param iat the proof's creation time
 * @param nonce the server-provided nonce the proof carries, if any
 */
public record DpopProof(String jkt, String jti, Instant iat, Optional<String> nonce) {
    @Override
    public String toString() {
        return "DpopProof[jkt=" + jkt + "]";
    }
}
