package dev.countersign.testing;

import static io.restassured.RestAssured.given;

import dev.countersign.testing.Fixtures.SignedInUser;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a browser holds after {@code PushManager.subscribe}: an endpoint at a push service, a P-256
 * key pair ({@code p256dh}) and a 16-byte {@code auth} secret. Decrypts what it receives with the
 * npm {@code http_ece} package run by node ({@code src/test/node/decrypt-push.js}), never with the
 * service's own code.
 */
public final class BrowserSubscription {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String endpoint;
    private final KeyPair keys;
    private final byte[] auth = new byte[16];

    public BrowserSubscription(String endpoint) {
        this.endpoint = endpoint;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(auth);
    }

    public String endpoint() {
        return endpoint;
    }

    public String p256dh() {
        ECPublicKey key = (ECPublicKey) keys.getPublic();
        byte[] point = new byte[65];
        point[0] = 4;
        System.arraycopy(fixed(key.getW().getAffineX()), 0, point, 1, 32);
        System.arraycopy(fixed(key.getW().getAffineY()), 0, point, 33, 32);
        return B64.encodeToString(point);
    }

    public String auth() {
        return B64.encodeToString(auth);
    }

    /** The body of {@code POST /api/me/devices}: the name and {@code PushSubscription.toJSON()}. */
    public Map<String, Object> registration(String name) {
        Map<String, Object> subscription = new HashMap<>();
        subscription.put("endpoint", endpoint);
        subscription.put("expirationTime", null);
        subscription.put("keys", Map.of("p256dh", p256dh(), "auth", auth()));
        return Map.of("name", name, "subscription", subscription);
    }

    public Response register(SignedInUser user, String name) {
        return given().cookie("countersign_session", user.sessionCookie())
                .header("X-CSRF-Token", user.csrfToken())
                .contentType(ContentType.JSON)
                .body(registration(name))
                .post("/api/me/devices");
    }

    /** Decrypts an {@code aes128gcm} body with node's http_ece; returns the plaintext. */
    public String decryptWithHttpEce(byte[] body) {
        try {
            Path dir = Files.createTempDirectory("push-body-");
            Path file = Files.write(dir.resolve("body.bin"), body);
            Path log = dir.resolve("node.log");
            String privateKey = B64.encodeToString(fixed(((ECPrivateKey) keys.getPrivate()).getS()));
            Process node = NodePeers.node(
                    NodePeers.home().resolve("decrypt-push.js"), log, file.toString(), privateKey, auth());
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                throw new AssertionError("node did not finish");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8).strip();
            LocalResources.deleteRecursively(dir);
            if (node.exitValue() != 0 || !output.startsWith("PLAINTEXT ")) {
                throw new AssertionError("http_ece could not decrypt the message: " + output);
            }
            return output.substring("PLAINTEXT ".length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length == 32) {
            return bytes;
        }
        byte[] out = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, 32 - length, length);
        return Arrays.copyOf(out, 32);
    }
}
