package dev.countersign.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A P-256 passkey in the test's memory that answers WebAuthn assertions (WebAuthn Level 2 §6.1,
 * §7.2) the way a platform authenticator would, written from the specification so that the service's
 * verifier is checked against an independent signer.
 */
public final class SoftwarePasskey {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final String credentialId;
    private int counter;

    public SoftwarePasskey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        credentialId = B64URL.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
    }

    public String credentialId() {
        return credentialId;
    }

    /** X.509 SubjectPublicKeyInfo, base64 (standard), as the passkeys table stores it. */
    public String publicKeySpki() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** A {@code PublicKeyCredential} JSON for {@code navigator.credentials.get} with user verification. */
    public Map<String, Object> assert_(String origin, String rpId, String challengeBase64Url) {
        try {
            counter++;
            byte[] rpIdHash = MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8));
            byte[] authData = ByteBuffer.allocate(37)
                    .put(rpIdHash)
                    .put((byte) 0x05)
                    .putInt(counter)
                    .array();
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("type", "webauthn.get");
            client.put("challenge", challengeBase64Url);
            client.put("origin", origin);
            client.put("crossOrigin", false);
            byte[] clientData = JSON.writeValueAsBytes(client);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(authData);
            signer.update(MessageDigest.getInstance("SHA-256").digest(clientData));
            byte[] signature = signer.sign();
            return Map.of(
                    "id",
                    credentialId,
                    "rawId",
                    credentialId,
                    "type",
                    "public-key",
                    "clientExtensionResults",
                    Map.of(),
                    "response",
                    Map.of(
                            "authenticatorData", B64URL.encodeToString(authData),
                            "clientDataJSON", B64URL.encodeToString(clientData),
                            "signature", B64URL.encodeToString(signature)));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
