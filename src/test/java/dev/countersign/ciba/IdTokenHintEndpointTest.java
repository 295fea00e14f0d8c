package dev.countersign.ciba;

import static dev.countersign.testing.CibaCalls.bcAuthorize;
import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.form;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.CibaCalls.poll;
import static dev.countersign.testing.CibaCalls.start;
import static org.hamcrest.Matchers.equalTo;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * CIBA Core 1.0 §7.1 id_token_hint: "An ID Token previously issued to the Client by the OpenID
 * Provider being passed back as a hint to identify the end-user", which may have expired.
 */
@QuarkusTest
@DisplayName("CIBA Core 1.0 §7.1 id_token_hint")
class IdTokenHintEndpointTest {
    @Inject
    MutableClock clock;

    RegisteredClient client;
    SignedInUser user;
    String idToken;

    @BeforeEach
    void obtainAnIdToken() {
        client = Fixtures.client();
        user = Fixtures.signedInUser();
        String authReqId = start(client, user.username());
        decide(user, newestPendingId(user), "approve").then().statusCode(204);
        idToken = poll(client, authReqId).then().statusCode(200).extract().path("id_token");
    }

    @Test
    void identifiesTheUserOfAnIdTokenIssuedToTheClient() {
        bcAuthorize(client, form("scope", "openid", "id_token_hint", idToken, "binding_message", "by hint"))
                .then()
                .statusCode(200);
        Fixtures.pendingOf(user).body("find { it.binding_message == 'by hint' }.client_id", equalTo(client.clientId()));
    }

    @Test
    void acceptsAnExpiredIdToken() {
        clock.advance(Duration.ofHours(1));
        bcAuthorize(client, form("scope", "openid", "id_token_hint", idToken))
                .then()
                .statusCode(200);
    }

    @Test
    void refusesAnIdTokenIssuedToAnotherClient() {
        RegisteredClient other = Fixtures.client();
        bcAuthorize(other, form("scope", "openid", "id_token_hint", idToken))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void refusesATamperedIdToken() {
        String[] parts = idToken.split("\\.");
        String forgedPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace(user.sub(), "someone-else")
                        .getBytes(StandardCharsets.UTF_8));
        bcAuthorize(client, form("scope", "openid", "id_token_hint", parts[0] + "." + forgedPayload + "." + parts[2]))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void refusesAnUnsignedIdToken() {
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = idToken.split("\\.")[1];
        bcAuthorize(client, form("scope", "openid", "id_token_hint", header + "." + payload + "."))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void refusesAnAccessTokenPassedAsAnIdToken() {
        String authReqId = start(client, user.username());
        decide(user, newestPendingId(user), "approve").then().statusCode(204);
        String accessToken =
                poll(client, authReqId).then().statusCode(200).extract().path("access_token");
        bcAuthorize(client, form("scope", "openid", "id_token_hint", accessToken))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void refusesGarbage() {
        bcAuthorize(client, form("scope", "openid", "id_token_hint", "not.a.jwt"))
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
    }
}
