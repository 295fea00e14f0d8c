package dev.countersign.approval.webpush;

import dev.countersign.approval.PushSubscription;
import dev.countersign.common.BouncyCastle;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188),
 * with the JDK only: a fresh ephemeral P-256 key and a fresh 16-byte salt per message, ECDH with
 * the user agent's {@code p256dh}, HKDF-SHA-256 (RFC 5869) keyed by the {@code auth} secret, one
 * record of at most {@link #RECORD_SIZE} bytes padded with the final-record delimiter {@code 0x02}.
 */
final class Aes128Gcm {
    static final int RECORD_SIZE = 4096;
    /** RFC 8188 §2: the record holds the plaintext, one delimiter byte and the 16-byte tag. */
    static final int MAX_PLAINTEXT = RECORD_SIZE - 1 - 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Aes128Gcm() {}

    static byte[] encrypt(byte[] plaintext, PushSubscription subscription) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("a push message holds at most " + MAX_PLAINTEXT + " bytes");
        }
        try {
            // Bouncy Castle's P-256 arithmetic: the ephemeral key and the agreement cost about 0.23 ms
            // per message, the JDK 17's about 1.1 ms.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair ephemeral = generator.generateKeyPair();
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            return encrypt(plaintext, subscription, ephemeral, salt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Web Push encryption is not available", e);
        }
    }

    /** With a given ephemeral key and salt: for the RFC 8291 Appendix A test vector. */
    static byte[] encrypt(byte[] plaintext, PushSubscription subscription, KeyPair ephemeral, byte[] salt)
            throws GeneralSecurityException {
        byte[] uaPublic = subscription.p256dh();
        byte[] asPublic = EcPoints.encode((ECPublicKey) ephemeral.getPublic());
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH", BouncyCastle.PROVIDER);
        agreement.init(ephemeral.getPrivate());
        agreement.doPhase(EcPoints.decode(uaPublic), true);
        byte[] ecdhSecret = agreement.generateSecret();

        // RFC 8291 §3.4: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32)
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic);
        byte[] ikm = expand(hmac(subscription.auth(), ecdhSecret), keyInfo, 32);
        // RFC 8188 §2.2, §2.3: CEK and NONCE from PRK = HMAC(salt, IKM)
        byte[] prk = hmac(salt, ikm);
        byte[] cek = expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);

        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] record = cipher.doFinal(concat(plaintext, new byte[] {0x02}));

        // RFC 8188 §2.1 header: salt (16) || rs (uint32) || idlen (1) || keyid (the sender's public key)
        ByteBuffer header = ByteBuffer.allocate(16 + 4 + 1 + asPublic.length);
        header.put(salt).putInt(RECORD_SIZE).put((byte) asPublic.length).put(asPublic);
        return concat(header.array(), record);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** HKDF-Expand for at most one block (RFC 5869 §2.3): T(1) = HMAC(PRK, info || 0x01). */
    private static byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return Arrays.copyOf(hmac(prk, concat(info, new byte[] {0x01})), length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
