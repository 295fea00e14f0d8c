package dev.countersign.approval.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import dev.countersign.common.ProblemException;
import dev.countersign.common.ServiceConfig;
import io.quarkus.security.webauthn.WebAuthnCredentialRecord;
import io.quarkus.security.webauthn.WebAuthnSecurity;
import io.quarkus.security.webauthn.WebAuthnUserProvider;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The WebAuthn ceremonies (W3C WebAuthn Level 2 §7.1 registration, §7.2 authentication) through
 * the extension's {@link WebAuthnSecurity}: options with a fresh challenge kept in the extension's
 * encrypted, short-lived challenge cookie, and verification of the browser's answer against it
 * (origin, rp id, user presence and user verification, signature). Anything the browser sends that
 * does not verify is a 400 (registration) or 401 (sign-in) problem; nothing is stored.
 */
@Singleton
class PasskeyCeremony {
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

    private final WebAuthnSecurity webAuthn;
    private final WebAuthnUserProvider credentials;
    private final Origin origin;
    private final String rpId;

    PasskeyCeremony(WebAuthnSecurity webAuthn, WebAuthnUserProvider credentials, ServiceConfig service) {
        this.webAuthn = webAuthn;
        this.credentials = credentials;
        this.origin = Origin.create(service.endpoint(""));
        this.rpId = service.issuer().getHost();
    }

    /**
     * The seam for high-risk approvals: verifies a passkey assertion (with user verification) over a
     * challenge the caller chose, such as a hash of exactly what the user was shown, instead of the
     * extension's random cookie challenge. The browser passes the same bytes as
     * {@code publicKey.challenge} to {@code navigator.credentials.get}. Returns the verified
     * credential, whose username is the user's {@code sub}; the caller must check it is the
     * expected user and record the use ({@code Passkeys.recordUse}) only once the challenge was
     * consumed, so that a replayed assertion changes nothing.
     *
     * @throws ProblemException 401 when the assertion does not verify against this challenge
     */
    WebAuthnCredentialRecord verifyAssertion(JsonNode credential, byte[] challenge) {
        String rawId = credential.path("rawId").asText("");
        try {
            WebAuthnCredentialRecord record =
                    credentials.findByCredentialId(rawId).await().atMost(VERIFY_TIMEOUT);
            ServerProperty server = new ServerProperty(Set.of(origin), rpId, new DefaultChallenge(challenge));
            AuthenticationParameters parameters = new AuthenticationParameters(
                    server, record, List.of(Base64.getUrlDecoder().decode(rawId)), true, true);
            webAuthn.getWebAuthn4J()
                    .verifyAuthenticationResponseJSON(credential.toString(), parameters)
                    .toCompletableFuture()
                    .get(VERIFY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return record;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.unauthorized("the passkey confirmation was interrupted; try again");
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            throw ProblemException.unauthorized("the passkey did not confirm exactly what was shown; try again");
        }
    }

    /**
     * {@code PublicKeyCredentialRequestOptions} as JSON for a high-risk approval: this challenge, the
     * user's passkeys, user verification required.
     */
    String approvalOptions(byte[] challenge, List<String> credentialIds) {
        JsonObject options = new JsonObject()
                .put("challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(challenge))
                .put("rpId", rpId)
                .put("timeout", 300_000)
                .put("userVerification", "required");
        io.vertx.core.json.JsonArray allow = new io.vertx.core.json.JsonArray();
        credentialIds.forEach(
                id -> allow.add(new JsonObject().put("type", "public-key").put("id", id)));
        return options.put("allowCredentials", allow).encode();
    }

    /** {@code PublicKeyCredentialCreationOptions} as JSON for the user; {@code sub} becomes the user handle. */
    String registrationOptions(String sub, String username, String displayName, RoutingContext ctx) {
        return webAuthn.toJsonString(
                webAuthn.getRegisterChallenge(sub, displayName == null ? username : displayName, ctx)
                        .await()
                        .atMost(VERIFY_TIMEOUT));
    }

    /** {@code PublicKeyCredentialRequestOptions} as JSON with no allowed credentials: discoverable passkeys only. */
    String signInOptions(RoutingContext ctx) {
        return webAuthn.toJsonString(webAuthn.getLoginChallenge("", ctx).await().atMost(VERIFY_TIMEOUT));
    }

    /** The verified new credential for the user who asked for the options. */
    WebAuthnCredentialRecord verifyRegistration(String sub, JsonNode credential, RoutingContext ctx) {
        try {
            return webAuthn.register(sub, new JsonObject(credential.toString()), ctx)
                    .await()
                    .atMost(VERIFY_TIMEOUT);
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("the passkey could not be verified; start again");
        }
    }

    /** The credential whose assertion verified; its user is the credential record's username (a sub). */
    WebAuthnCredentialRecord verifyAssertion(JsonNode credential, RoutingContext ctx) {
        try {
            return webAuthn.login(new JsonObject(credential.toString()), ctx)
                    .await()
                    .atMost(VERIFY_TIMEOUT);
        } catch (RuntimeException e) {
            throw ProblemException.unauthorized("the passkey was not accepted; try again or use your password");
        }
    }

    /**
     * The signature counter of a verified assertion: bytes 33–36 of the authenticator data
     * (WebAuthn Level 2 §6.1), big-endian.
     */
    static long signCount(JsonNode credential) {
        byte[] data = Base64.getUrlDecoder()
                .decode(credential.path("response").path("authenticatorData").asText());
        if (data.length < 37) {
            throw ProblemException.badRequest("authenticatorData is too short");
        }
        return ((data[33] & 0xffL) << 24) | ((data[34] & 0xffL) << 16) | ((data[35] & 0xffL) << 8) | (data[36] & 0xffL);
    }
}
