package dev.countersign.approval.http;

import static dev.countersign.testing.CibaCalls.bcAuthorize;
import static dev.countersign.testing.CibaCalls.form;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Number matching (issue 4) with the %test type {@code number_check}: the binding message carries
 * the number, the phone shows three numbers with that one hidden from the message, and approving
 * needs the right pick; a wrong pick denies. Also the exact shape of the request view.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class NumberMatchingEndpointTest {
    private static final String DETAILS = "[{\"type\":\"number_check\",\"amount\":\"1500\"}]";

    RegisteredClient client;
    SignedInUser user;
    String id;

    @BeforeEach
    void startARequestWithNumberMatching() {
        client = Fixtures.client(Map.of("authorization_details_types", List.of("number_check", "payment_initiation")));
        user = Fixtures.signedInUser();
        ask("Sign-in number 47").then().statusCode(200);
        id = newestPendingId(user);
    }

    private Response ask(String bindingMessage) {
        return bcAuthorize(
                client,
                form(
                        "scope",
                        "openid payments",
                        "login_hint",
                        user.username(),
                        "binding_message",
                        bindingMessage,
                        "authorization_details",
                        DETAILS));
    }

    private JsonPath view() {
        return given().cookie("countersign_session", user.sessionCookie())
                .get("/api/me/requests/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private Response approve(String body) {
        var spec = given().cookie("countersign_session", user.sessionCookie()).header("X-CSRF-Token", user.csrfToken());
        if (body != null) {
            spec = spec.contentType("application/json").body(body);
        }
        return spec.post("/api/me/requests/" + id + "/approve");
    }

    @Nested
    @DisplayName("Issue 4: the agent's binding message carries the number")
    class BindingMessage {
        @ParameterizedTest
        @ValueSource(strings = {"No number here", "Numbers 47 and 12", "Number 7", "Number 123"})
        void refusesABindingMessageWithoutExactlyOneTwoDigitNumber(String message) {
            user = Fixtures.signedInUser();
            ask(message).then().statusCode(400).body("error", equalTo("invalid_binding_message"));
            Fixtures.pendingOf(user).body("id", org.hamcrest.Matchers.hasSize(0));
        }
    }

    @Nested
    @DisplayName("Issue 4: the phone shows three numbers")
    class Choices {
        @Test
        void showsThreeDistinctNumbersIncludingTheAgentsInAStableOrder() {
            List<Integer> choices = view().getList("number_choices", Integer.class);
            assertThat(choices).hasSize(3).contains(47).doesNotHaveDuplicates();
            assertThat(view().getList("number_choices", Integer.class)).isEqualTo(choices);
        }

        @Test
        void hidesTheNumberInTheBindingMessage() {
            assertThat(view().getString("binding_message")).isEqualTo("Sign-in number ••");
        }

        @Test
        void hasExactlyTheDocumentedShape() {
            JsonPath v = view();
            assertThat(v.getMap("$").keySet())
                    .isEqualTo(Set.of(
                            "id",
                            "client_id",
                            "client_name",
                            "binding_message",
                            "scope",
                            "status",
                            "created_at",
                            "expires_at",
                            "number_choices",
                            "display"));
            assertThat(v.getMap("display").keySet())
                    .isEqualTo(Set.of("sentences", "scopes", "high_risk", "display_hash"));
            assertThat(v.getList("display.sentences")).containsExactly("Confirm sign-in number check of ¥1,500");
            assertThat(v.getList("display.scopes"))
                    .containsExactly("Confirm that it is you", "payments (no description)");
            assertThat(v.getBoolean("display.high_risk")).isTrue();
            assertThat(v.getString("display.display_hash")).matches("[A-Za-z0-9_-]{43}");
        }
    }

    @Nested
    @DisplayName("Issue 4: approving needs the right pick")
    class Picking {
        @Test
        void theRightPickApprovesARequestThatIsNotHighRisk() {
            user = Fixtures.signedInUser();
            bcAuthorize(
                            client,
                            form(
                                    "scope",
                                    "openid payments",
                                    "login_hint",
                                    user.username(),
                                    "binding_message",
                                    "Sign-in number 47",
                                    "authorization_details",
                                    "[{\"type\":\"number_check\",\"amount\":\"500\"}]"))
                    .then()
                    .statusCode(200);
            id = newestPendingId(user);
            assertThat(view().getBoolean("display.high_risk")).isFalse();
            approve("{\"number\":47}").then().statusCode(204);
            assertThat(view().getString("status")).isEqualTo("approved");
        }

        @Test
        void theRightPickAloneDoesNotApproveAHighRiskRequest() {
            approve("{\"number\":47}")
                    .then()
                    .statusCode(403)
                    .contentType(equalTo("application/problem+json"))
                    .body("detail", containsString("passkey"));
            assertThat(view().getString("status")).isEqualTo("pending");
        }

        @Test
        void aWrongPickDeniesTheRequest() {
            int wrong = view().getList("number_choices", Integer.class).stream()
                    .filter(n -> n != 47)
                    .findFirst()
                    .orElseThrow();
            approve("{\"number\":" + wrong + "}")
                    .then()
                    .statusCode(403)
                    .contentType(equalTo("application/problem+json"))
                    .body("detail", containsString("denied"));
            assertThat(view().getString("status")).isEqualTo("denied");
            approve("{\"number\":47}").then().statusCode(409);
        }

        @Test
        void aMissingPickIsABadRequestAndChangesNothing() {
            approve(null).then().statusCode(400).contentType(equalTo("application/problem+json"));
            approve("{}").then().statusCode(400);
            assertThat(view().getString("status")).isEqualTo("pending");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "{\"number\":\"47\"}",
                    "{\"number\":4.7}",
                    "{\"number\":470}",
                    "{\"pick\":47}",
                    "[47]",
                    "nope"
                })
        void badInputIsABadRequestAndChangesNothing(String body) {
            approve(body).then().statusCode(400).contentType(equalTo("application/problem+json"));
            assertThat(view().getString("status")).isEqualTo("pending");
        }
    }

    @Nested
    @DisplayName("Issue 4: number matching per client (countersign_number_matching)")
    class PerClient {
        RegisteredClient matchingClient;

        @BeforeEach
        void registerAClientThatAsksNumberMatching() {
            matchingClient = Fixtures.client(Map.of("countersign_number_matching", true));
            user = Fixtures.signedInUser();
        }

        private Response askWithoutDetails(RegisteredClient asker, String bindingMessage) {
            return bcAuthorize(
                    asker, form("scope", "openid", "login_hint", user.username(), "binding_message", bindingMessage));
        }

        @Test
        void theClientMetadataShowsTheSetting() {
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .get("/admin/clients/" + matchingClient.clientId())
                    .then()
                    .statusCode(200)
                    .body("countersign_number_matching", equalTo(true));
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .get("/admin/clients/" + client.clientId())
                    .then()
                    .statusCode(200)
                    .body("countersign_number_matching", equalTo(false));
        }

        @Test
        void everyRequestOfTheClientNeedsTheRightPickWithoutAnyAuthorizationDetails() {
            askWithoutDetails(matchingClient, "Code 63").then().statusCode(200);
            id = newestPendingId(user);
            assertThat(view().getList("number_choices", Integer.class))
                    .hasSize(3)
                    .contains(63);
            assertThat(view().getString("binding_message")).isEqualTo("Code ••");
            approve(null).then().statusCode(400);
            assertThat(view().getString("status")).isEqualTo("pending");
            approve("{\"number\":63}").then().statusCode(204);
            assertThat(view().getString("status")).isEqualTo("approved");
        }

        @Test
        void aWrongPickDeniesTheClientsRequest() {
            askWithoutDetails(matchingClient, "Code 63").then().statusCode(200);
            id = newestPendingId(user);
            int wrong = view().getList("number_choices", Integer.class).stream()
                    .filter(n -> n != 63)
                    .findFirst()
                    .orElseThrow();
            approve("{\"number\":" + wrong + "}").then().statusCode(403);
            assertThat(view().getString("status")).isEqualTo("denied");
        }

        @Test
        void refusesARequestOfTheClientWithoutANumberInTheBindingMessageAndStoresNothing() {
            askWithoutDetails(matchingClient, "No number")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_binding_message"));
            bcAuthorize(matchingClient, form("scope", "openid", "login_hint", user.username()))
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("invalid_binding_message"));
            Fixtures.pendingOf(user).body("id", org.hamcrest.Matchers.hasSize(0));
        }

        @Test
        void anotherClientsRequestsStayWithoutNumberMatching() {
            askWithoutDetails(Fixtures.client(), "Code 63").then().statusCode(200);
            id = newestPendingId(user);
            assertThat(view().getList("number_choices")).isNullOrEmpty();
            approve(null).then().statusCode(204);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"true\"", "1", "[]", "{}"})
        void refusesANonBooleanSetting(String value) {
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .contentType("application/json")
                    .body("{\"client_name\":\"Bad\",\"grant_types\":[\"urn:openid:params:grant-type:ciba\"],"
                            + "\"scope\":\"openid\",\"countersign_number_matching\":" + value + "}")
                    .post("/admin/clients")
                    .then()
                    .statusCode(400)
                    .contentType(equalTo("application/problem+json"));
        }
    }
}
