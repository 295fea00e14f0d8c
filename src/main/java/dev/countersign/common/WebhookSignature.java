package dev.countersign.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code t=<unix seconds>, v1=<hex HMAC-SHA-256(secret, "<t>.<body>")>}.
 * The timestamp is signed with the body, so a receiver that rejects old timestamps also rejects
 * replays. Used by the operator's notification webhook and by the runs API's callbacks, so a
 * receiver verifies both the same way (docs/guides/operator-notifications.md has a snippet).
 */
public final class WebhookSignature {
    private WebhookSignature() {}

    public static String header(String secret, Instant now, String body) {
        long t = now.getEpochSecond();
        return "t=" + t + ", v1=" + hex(secret, t + "." + body);
    }

    public static String hex(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
