package dev.countersign.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets that must be read back (signing keys, client notification tokens, undelivered
 * tokens) under AES-256-GCM (NIST SP 800-38D) with a key derived from the master key for one
 * purpose, a fresh 96-bit nonce per value and a caller-chosen associated data (the row's id), so a
 * sealed value cannot be moved to another row unnoticed. Stored form:
 * {@code v1.<base64url nonce>.<base64url ciphertext and tag>}.
 */
public final class SecretBox {
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public SecretBox(SecretKeySpec key) {
        this.key = new SecretKeySpec(key.getEncoded(), "AES");
    }

    /** A box keyed by the master key for {@code purpose} only. */
    public static SecretBox forPurpose(MasterKey masterKey, String purpose) {
        return new SecretBox(masterKey.derive(purpose));
    }

    public String seal(byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData).doFinal(plaintext);
            return VERSION + "." + ENCODER.encodeToString(nonce) + "." + ENCODER.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        }
    }

    public String seal(String plaintext, String associatedData) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), associatedData);
    }

    /**
     * The plaintext sealed with this associated data.
     *
     * @throws UnopenableException when the form is unknown, the key differs or the value was altered
     */
    public byte[] open(String stored, String associatedData) {
        String[] parts = stored.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new UnopenableException("its stored form is not recognised");
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, DECODER.decode(parts[1]), associatedData)
                    .doFinal(DECODER.decode(parts[2]));
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new UnopenableException(
                    "the master key differs from the one it was sealed with, or the row was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        }
    }

    public String openString(String stored, String associatedData) {
        return new String(open(stored, associatedData), StandardCharsets.UTF_8);
    }

    private Cipher cipher(int mode, byte[] nonce, String associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** A sealed value that cannot be opened; the message says why. */
    public static final class UnopenableException extends IllegalStateException {
        UnopenableException(String reason) {
            super(reason);
        }
    }
}
