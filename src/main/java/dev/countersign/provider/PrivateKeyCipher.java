package dev.countersign.provider;

import dev.countersign.common.MasterKey;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts signing keys at rest: the PKCS#8 encoding under AES-256-GCM (NIST SP 800-38D) with a key
 * derived from the master key for this purpose only, a fresh 96-bit nonce per key and the
 * {@code kid} as associated data, so a stored key cannot be moved to another row unnoticed.
 * Stored form: {@code v1.<base64url nonce>.<base64url ciphertext and tag>}.
 */
@Singleton
public class PrivateKeyCipher {
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    @Inject
    public PrivateKeyCipher(MasterKey masterKey) {
        this(new SecretKeySpec(masterKey.derive("key-encryption").getEncoded(), "AES"));
    }

    PrivateKeyCipher(SecretKeySpec key) {
        this.key = key;
    }

    public String encrypt(String kid, PrivateKey privateKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, kid);
            byte[] sealed = cipher.doFinal(privateKey.getEncoded());
            return VERSION + "." + ENCODER.encodeToString(nonce) + "." + ENCODER.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        }
    }

    /**
     * The private key stored for {@code kid}.
     *
     * @throws UndecryptableKeyException when it was encrypted under another master key or altered
     */
    public PrivateKey decrypt(String kid, SigningAlgorithm alg, String stored) {
        String[] parts = stored.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new UndecryptableKeyException(kid, "its stored form is not recognised");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, DECODER.decode(parts[1]), kid);
            byte[] pkcs8 = cipher.doFinal(DECODER.decode(parts[2]));
            return KeyFactory.getInstance(alg.keyType()).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new UndecryptableKeyException(
                    kid, "the master key differs from the one it was encrypted with, or the row was altered");
        } catch (GeneralSecurityException e) {
            throw new UndecryptableKeyException(kid, "it is not a valid " + alg + " private key");
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String kid) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** A stored signing key that cannot be decrypted; the message says what to check. */
    public static final class UndecryptableKeyException extends IllegalStateException {
        UndecryptableKeyException(String kid, String reason) {
            super("Signing key " + kid + " cannot be decrypted: " + reason
                    + ". Start with the master key this database was created with"
                    + " (countersign.master-key or <data-dir>/master.key).");
        }
    }
}
