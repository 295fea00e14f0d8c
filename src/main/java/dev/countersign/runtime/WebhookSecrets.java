package dev.countersign.runtime;

import dev.countersign.common.MasterKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret that signs an agent's run webhooks: {@code whsec_} followed by base64url of
 * HMAC-SHA-256 under a key derived from the master key for this purpose, over the agent's name. It
 * is derived, not stored, so every instance sharing the master key signs alike; it is shown with
 * each API key the operator issues and to the agent itself ({@code GET /v1/webhook-secret}). It
 * changes only with the master key.
 */
@ApplicationScoped
public class WebhookSecrets {
    static final String PREFIX = "whsec_";

    private final SecretKeySpec key;

    public WebhookSecrets(MasterKey masterKey) {
        this.key = masterKey.derive("runtime-webhook");
    }

    /** The agent's webhook secret. */
    public String of(String agent) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] secret = mac.doFinal(agent.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }
}
