package dev.countersign.common;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable opaque values: base64url without padding from a {@link SecureRandom}. */
public final class RandomTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {}

    /** A value carrying {@code bytes * 8} bits of randomness. */
    public static String of(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
