package dev.countersign.approval.webpush;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The VAPID {@code Authorization} header (RFC 8292 §2, §3): {@code vapid t=<JWT>, k=<public key>},
 * the JWT signed with ES256 (RFC 7518 §3.4: R || S, 64 bytes) and carrying {@code aud} (the push
 * service's origin), {@code exp} (at most 24 hours ahead) and {@code sub} (the operator's contact).
 */
final class VapidToken {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER =
            B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));

    private VapidToken() {}

    static String authorization(
            VapidKeys.Loaded keys, String audience, Instant expiresAt, String subject, ObjectMapper json) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", audience);
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("sub", subject);
        try {
            String input = HEADER + "." + B64.encodeToString(json.writeValueAsBytes(claims));
            Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(keys.privateKey());
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            String jwt = input + "." + B64.encodeToString(signer.sign());
            return "vapid t=" + jwt + ", k=" + keys.publicText();
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot sign a VAPID token", e);
        }
    }
}
