package dev.countersign.approval.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.countersign.approval.webpush.VapidKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/push/vapid-public-key}: the VAPID public key (RFC 8292 §3.2) that the browser
 * passes as {@code applicationServerKey} to {@code PushManager.subscribe}. Public: no session.
 */
@Path("/api/push/vapid-public-key")
public class VapidPublicKeyResource {
    private final VapidKeys keys;

    public VapidPublicKeyResource(VapidKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public PublicKey publicKey() {
        return new PublicKey(keys.publicKey());
    }

    /** The answer: the uncompressed P-256 point, base64url without padding. */
    public record PublicKey(@JsonProperty("public_key") String publicKey) {}
}
