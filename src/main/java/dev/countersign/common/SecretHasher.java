package dev.countersign.common;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hashes high-entropy secrets (client secrets, {@code auth_req_id}s, session ids, API and admin
 * tokens) with HMAC-SHA-256 under a key derived from the master key. A fast keyed hash is right
 * for values with at least 128 bits of randomness; human passwords use {@code PasswordHasher}.
 */
@Singleton
public class SecretHasher {
    private final SecretKeySpec key;

    public SecretHasher(MasterKey masterKey) {
        this.key = new SecretKeySpec(masterKey.derive("secret-hash").getEncoded(), "HmacSHA256");
    }

    /** The stored form of a secret: base64url of its HMAC, 43 characters. */
    public String hash(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    /** Compares a presented secret with a stored hash in constant time. */
    public boolean matches(String presented, String storedHash) {
        byte[] a = hash(presented).getBytes(StandardCharsets.US_ASCII);
        byte[] b = storedHash == null ? new byte[a.length] : storedHash.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b) && storedHash != null;
    }
}
