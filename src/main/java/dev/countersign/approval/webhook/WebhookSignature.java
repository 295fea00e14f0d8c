package dev.countersign.approval.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: {@code t=<unix seconds>, v1=<hex HMAC-SHA-256(secret, "<t>.<body>")>}.
 * The timestamp is signed with the body, so a receiver that rejects old timestamps also rejects
 * replays; see docs/guides/operator-notifications.md for a verification snippet.
 */
final class WebhookSignature {
    private WebhookSignature() {}

    static String header(String secret, Instant now, String body) {
        long t = now.getEpochSecond();
        return "t=" + t + ", v1=" + hex(secret, t + "." + body);
    }

    static String hex(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
