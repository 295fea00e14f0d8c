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
 * Seals small values for storage with AES-256-GCM (NIST SP 800-38D): a fresh 96-bit nonce per value
 * and associated data naming the row it belongs to, so a sealed value cannot be moved to another row
 * unnoticed. Stored form: {@code v1.<base64url nonce>.<base64url ciphertext and tag>}.
 */
public final class AesGcmSeal {
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /** @param key 32 bytes, derived from the master key for one purpose only */
    public AesGcmSeal(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
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

    /**
     * The plaintext of a sealed value.
     *
     * @throws Unreadable when the form is unknown, the key differs or the value or its row was altered
     */
    public byte[] open(String sealed, String associatedData) {
        String[] parts = sealed.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new Unreadable("its stored form is not recognised");
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, DECODER.decode(parts[1]), associatedData)
                    .doFinal(DECODER.decode(parts[2]));
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new Unreadable("the master key differs from the one it was encrypted with, or the row was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    /** A sealed value that cannot be opened; the message says why. */
    public static final class Unreadable extends IllegalStateException {
        Unreadable(String reason) {
            super(reason);
        }
    }
}
