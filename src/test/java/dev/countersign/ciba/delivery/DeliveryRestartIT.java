package dev.countersign.ciba.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testing.CibaCalls;
import dev.countersign.testing.LoopbackTls;
import dev.countersign.testing.NotificationReceiver;
import dev.countersign.testing.NotificationReceiver.Received;
import dev.countersign.testing.PackagedApp;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A push delivery survives the service: the receiver is down when the user approves, the packaged
 * service is killed between attempts and started again, the receiver comes back, and exactly one
 * token response (the one minted at approval) reaches it.
 */
class DeliveryRestartIT {
    private static final String MASTER_KEY = "Y291bnRlcnNpZ24taXQtbWFzdGVyLWtleS0zMmJ5dGU=";
    private static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdefghij";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String NOTIFICATION_TOKEN = "it-notification-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Nested
    @DisplayName("CIBA Core 1.0 §10.3 push across a restart of the service")
    class Restart {
        @Test
        void exactlyOneTokenResponseReachesTheClientAfterARestartBetweenAttempts() {
            try (NotificationReceiver receiver = NotificationReceiver.start();
                    PackagedApp app = PackagedApp.embedded()
                            .environment("COUNTERSIGN_MASTER_KEY", MASTER_KEY)
                            .environment("COUNTERSIGN_ADMIN_TOKEN", ADMIN_TOKEN)
                            .property("countersign.demo.enabled", "false")
                            .property("countersign.outbound.allowed-private-hosts", "localhost")
                            .property(
                                    "countersign.outbound.trust-certificates",
                                    LoopbackTls.certificatePem().toString())
                            .property("countersign.ciba.delivery.backoff-base", "PT0.2S")
                            .property("countersign.ciba.delivery.backoff-cap", "PT0.5S")
                            .property("countersign.ciba.delivery.max-attempts", "1000")
                            .property("countersign.ciba.delivery.lease", "PT5S")
                            .start()) {
                String base = app.baseUri().toString();
                receiver.stop();
                String authReqId = approveAPushRequest(base, receiver.url());
                awaitFailedAttempt(base);

                app.kill();
                receiver.restart();
                app.restart();

                List<Received> received = receiver.await(all -> all.size() == 1, WAIT);
                awaitDelivered(base);
                assertThat(receiver.received()).hasSize(1);
                Received push = received.get(0);
                assertThat(push.authorization()).isEqualTo("Bearer " + NOTIFICATION_TOKEN);
                JsonPath body = JsonPath.from(push.body());
                assertThat(body.getString("auth_req_id")).isEqualTo(authReqId);
                assertThat(body.getString("access_token")).isNotBlank();
                assertThat(body.getString("id_token")).isNotBlank();
            }
        }
    }

    private static String approveAPushRequest(String base, String endpoint) {
        Response client = admin(base)
                .body(Map.of(
                        "client_name", "Push agent",
                        "scope", "openid",
                        "backchannel_token_delivery_mode", "push",
                        "backchannel_client_notification_endpoint", endpoint))
                .post("/admin/clients");
        client.then().statusCode(201);
        admin(base)
                .body(Map.of("username", "pushed", "password", PASSWORD))
                .post("/admin/users")
                .then()
                .statusCode(201);
        Response session = given().baseUri(base)
                .contentType(ContentType.JSON)
                .body(Map.of("username", "pushed", "password", PASSWORD))
                .post("/api/me/session");
        session.then().statusCode(200);
        Response started = given().baseUri(base)
                .auth()
                .preemptive()
                .basic(client.path("client_id"), client.path("client_secret"))
                .contentType(CibaCalls.FORM)
                .body(CibaCalls.form(
                        "scope", "openid", "login_hint", "pushed", "client_notification_token", NOTIFICATION_TOKEN))
                .post("/bc-authorize");
        started.then().statusCode(200);
        String id = given().baseUri(base)
                .cookie("countersign_session", session.getCookie("countersign_session"))
                .get("/api/me/requests?status=pending")
                .then()
                .statusCode(200)
                .extract()
                .path("[0].id");
        given().baseUri(base)
                .cookie("countersign_session", session.getCookie("countersign_session"))
                .header("X-CSRF-Token", session.path("csrf_token").toString())
                .post("/api/me/requests/" + id + "/approve")
                .then()
                .statusCode(204);
        return started.path("auth_req_id");
    }

    private static void awaitFailedAttempt(String base) {
        awaitDelivery(base, "pending", d -> d.get("last_error") != null);
    }

    private static void awaitDelivered(String base) {
        awaitDelivery(base, "delivered", d -> true);
    }

    private static void awaitDelivery(
            String base, String status, java.util.function.Predicate<Map<String, Object>> condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<Map<String, Object>> deliveries = admin(base)
                    .get("/admin/deliveries?status=" + status)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("deliveries");
            if (deliveries.stream().anyMatch(condition)) {
                return;
            }
            DeliveryEndpointTest.pause(Duration.ofMillis(50));
        }
        throw new AssertionError("no delivery became " + status);
    }

    private static io.restassured.specification.RequestSpecification admin(String base) {
        return given().baseUri(base).auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON);
    }
}
