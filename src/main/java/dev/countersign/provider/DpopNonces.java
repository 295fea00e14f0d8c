package dev.countersign.provider;

import dev.countersign.common.MasterKey;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-provided DPoP nonces (RFC 9449 §8) without server state: a nonce is the number of the
 * current time window and an HMAC of it under a key derived from the master key, so every instance
 * sharing the master key issues and accepts the same nonces. A nonce is accepted in its own window
 * and the next one. RFC 9449 §8: "Nonce values MUST be unpredictable"; without the key they are.
 */
@Singleton
public class DpopNonces {
    private static final int MAC_BYTES = 16;
    private static final int NONCE_BYTES = Long.BYTES + MAC_BYTES;

    private final SecretKeySpec key;
    private final Clock clock;
    private final long windowSeconds;

    @Inject
    public DpopNonces(MasterKey masterKey, Clock clock, ProviderConfig config) {
        this(masterKey.derive("dpop-nonce"), clock, config.dpop().nonceWindow());
    }

    DpopNonces(SecretKeySpec key, Clock clock, Duration window) {
        this.key = new SecretKeySpec(key.getEncoded(), "HmacSHA256");
        this.clock = clock;
        this.windowSeconds = window.toSeconds();
    }

    /** The nonce to supply now (the RFC 9449 §8.1 nonce syntax: base64url characters only). */
    public String current() {
        long window = window();
        byte[] nonce = ByteBuffer.allocate(NONCE_BYTES)
                .putLong(window)
                .put(mac(window))
                .array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    /** Whether this instance, or any sharing its master key, supplied the nonce in this or the last window. */
    public boolean isRecent(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (raw.length != NONCE_BYTES) {
            return false;
        }
        long window = ByteBuffer.wrap(raw).getLong();
        long now = window();
        boolean recent = window == now || window == now - 1;
        return MessageDigest.isEqual(mac(window), Arrays.copyOfRange(raw, Long.BYTES, NONCE_BYTES)) && recent;
    }

    private long window() {
        return Math.floorDiv(clock.instant().getEpochSecond(), windowSeconds);
    }

    private byte[] mac(long window) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] full = mac.doFinal(("dpop-nonce/" + window).getBytes(StandardCharsets.US_ASCII));
            return Arrays.copyOf(full, MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
