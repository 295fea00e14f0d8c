package dev.countersign.provider;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;

/**
 * One signing key as the provider holds it in memory: its public JWK (RFC 7517) and, while it may
 * still sign, its private key.
 *
 * @param publicJwk the public JWK as published, with {@code kid}, {@code alg} and {@code use}
 * @param privateKey absent for keys that can no longer sign
 * @param activatesAt from when this key signs (until a newer key activates)
 */
public record SigningKey(
        String kid,
        SigningAlgorithm alg,
        String publicJwk,
        PublicKey publicKey,
        Optional<PrivateKey> privateKey,
        Instant createdAt,
        Instant activatesAt) {

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", alg=" + alg + ", activatesAt=" + activatesAt + "]";
    }
}
