package dev.countersign.account;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format
 * ({@code $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>}, base64 without padding).
 * Parameters are bounded on parsing so that a corrupted row cannot make one sign-in cost gigabytes.
 */
record PhcHash(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,86})\\$([A-Za-z0-9+/]{22,86})");
    private static final int MAX_MEMORY_KIB = 1 << 20;

    static Optional<PhcHash> parse(String phc) {
        if (phc == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(phc);
        if (!m.matches()) {
            return Optional.empty();
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int parallelism = Integer.parseInt(m.group(3));
        if (parallelism < 1 || iterations < 1 || memory < 8 * parallelism || memory > MAX_MEMORY_KIB) {
            return Optional.empty();
        }
        try {
            Base64.Decoder decoder = Base64.getDecoder();
            return Optional.of(new PhcHash(
                    memory, iterations, parallelism, decoder.decode(m.group(4)), decoder.decode(m.group(5))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    PhcHash withHash(byte[] derived) {
        return new PhcHash(memoryKib, iterations, parallelism, salt, derived);
    }

    String encode() {
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$"
                + PasswordHasher.b64(salt) + "$" + PasswordHasher.b64(hash);
    }
}
