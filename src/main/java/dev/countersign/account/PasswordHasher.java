package dev.countersign.account;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes human passwords with Argon2id (RFC 9106) using the OWASP Password Storage parameters
 * (m=19456 KiB, t=2, p=1) and a random 16-byte salt, stored as a PHC string
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. Verification reads the parameters from the
 * stored string, so hashes made with other parameters keep working. Passwords are NFKC-normalised
 * first, as NIST SP 800-63B §5.1.1.2 recommends, so the same password typed on two keyboards matches.
 */
@Singleton
public class PasswordHasher {
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    /** A hash of a random password, verified against when a username is unknown to cost the same work. */
    private final String decoy = hash(java.util.UUID.randomUUID().toString());

    /** The PHC string of a fresh salted Argon2id hash of the password. */
    public String hash(String password) {
        return hash(password, MEMORY_KIB, ITERATIONS, PARALLELISM);
    }

    /** A hash with other parameters, as an older or newer release might have stored. */
    String hash(String password, int memoryKib, int iterations, int parallelism) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        PhcHash params = new PhcHash(memoryKib, iterations, parallelism, salt, new byte[HASH_BYTES]);
        return params.withHash(derive(password, params)).encode();
    }

    /** Whether the password matches the stored PHC string; compares in constant time. */
    public boolean verify(String password, String stored) {
        PhcHash parsed = PhcHash.parse(stored).orElse(null);
        if (parsed == null || password == null) {
            return false;
        }
        return MessageDigest.isEqual(derive(password, parsed), parsed.hash());
    }

    /** Spends the work of one verification and fails, so an unknown user costs the same time as a known one. */
    public boolean verifyDecoy(String password) {
        verify(password == null ? "" : password, decoy);
        return false;
    }

    private static byte[] derive(String password, PhcHash params) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(params.memoryKib())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .withSalt(params.salt())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[params.hash().length];
        generator.generateBytes(normalize(password).getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }
}
