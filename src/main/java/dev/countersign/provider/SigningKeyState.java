package dev.countersign.provider;

import java.time.Instant;
import java.util.Optional;

/**
 * A signing key's place in the rotation at one instant, as the operator sees it.
 *
 * @param publishedUntil when it leaves the JWKS; absent while no newer key has been created
 * @param published whether the JWKS lists it at that instant
 */
public record SigningKeyState(
        String kid,
        SigningAlgorithm alg,
        KeyStatus status,
        Instant activatesAt,
        Optional<Instant> publishedUntil,
        boolean published) {}
