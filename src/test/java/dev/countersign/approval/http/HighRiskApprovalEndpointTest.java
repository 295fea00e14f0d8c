package dev.countersign.approval.http;

import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.CibaCalls.poll;
import static dev.countersign.testing.CibaCalls.start;
import static dev.countersign.testing.GrantCalls.introspect;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.account.store.PasskeyEntity;
import dev.countersign.account.store.PasskeyRepository;
import dev.countersign.approval.PasskeyApprovals;
import dev.countersign.approval.RequestDisplay;
import dev.countersign.approval.store.ApprovalReceiptEntity;
import dev.countersign.approval.store.ApprovalReceiptRepository;
import dev.countersign.ciba.Approval;
import dev.countersign.ciba.CibaDecisions;
import dev.countersign.ciba.CibaDecisions.Decision;
import dev.countersign.ciba.PendingRequest;
import dev.countersign.common.ProblemException;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.SoftwarePasskey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * High-risk approvals with a passkey (issue 4), with the %test type {@code number_check} above 1000
 * (high-risk, with number matching) and an independent software authenticator.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class HighRiskApprovalEndpointTest {
    private static final String HIGH = "[{\"type\":\"number_check\",\"amount\":\"1500\"}]";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PasskeyRepository passkeyRows;

    @Inject
    ApprovalReceiptRepository receiptRows;

    @Inject
    CibaDecisions decisions;

    @Inject
    PasskeyApprovals passkeyApprovals;

    @Inject
    RequestDisplay display;

    @Inject
    MutableClock clock;

    @ConfigProperty(name = "countersign.issuer")
    URI issuer;

    RegisteredClient client;
    SignedInUser user;
    SoftwarePasskey passkey;
    String authReqId;
    String id;

    @BeforeEach
    void startAHighRiskRequestForAUserWithAPasskey() {
        client = Fixtures.client(Map.of("authorization_details_types", List.of("number_check")));
        user = Fixtures.signedInUser();
        passkey = register(user);
        authReqId = ask(user);
        id = newestPendingId(user);
    }

    private String ask(SignedInUser who) {
        return ask(who, HIGH);
    }

    /** A request with number 47 and these authorization_details. */
    private String ask(SignedInUser who, String details) {
        return start(client, who.username(), "binding_message", "Sign-in number 47", "authorization_details", details);
    }

    private SoftwarePasskey register(SignedInUser who) {
        SoftwarePasskey key = new SoftwarePasskey();
        QuarkusTransaction.requiringNew().run(() -> {
            PasskeyEntity e = new PasskeyEntity();
            e.id = UUID.randomUUID().toString().replace("-", "");
            e.userSub = who.sub();
            e.name = "Test phone";
            e.credentialId = key.credentialId();
            e.aaguid = new UUID(0, 0).toString();
            e.publicKey = key.publicKeySpki();
            e.publicKeyAlg = -7;
            e.signCount = 0;
            e.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            passkeyRows.persist(e);
        });
        return key;
    }

    private Response options(SignedInUser who, String requestId) {
        return given().cookie("countersign_session", who.sessionCookie())
                .header("X-CSRF-Token", who.csrfToken())
                .post("/api/me/requests/" + requestId + "/approval-options");
    }

    private String challenge(SignedInUser who, String requestId) {
        Response r = options(who, requestId);
        r.then().statusCode(200);
        return r.path("challenge");
    }

    private Map<String, Object> sign(SoftwarePasskey key, String challenge) {
        return key.assert_(issuer.toString().replaceAll("/+$", ""), issuer.getHost(), challenge);
    }

    private Response approve(SignedInUser who, String requestId, Map<String, Object> assertion) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("number", 47);
        if (assertion != null) {
            body.put("assertion", assertion);
        }
        return given().cookie("countersign_session", who.sessionCookie())
                .header("X-CSRF-Token", who.csrfToken())
                .contentType("application/json")
                .body(body)
                .post("/api/me/requests/" + requestId + "/approve");
    }

    private String status(SignedInUser who, String requestId) {
        return given().cookie("countersign_session", who.sessionCookie())
                .get("/api/me/requests/" + requestId)
                .then()
                .statusCode(200)
                .extract()
                .path("status");
    }

    private static Response admin(String path) {
        return given().auth().oauth2(Fixtures.ADMIN_TOKEN).get(path);
    }

    private static JsonNode payload(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    @Nested
    @DisplayName("Issue 4: a high-risk approval needs a fresh passkey assertion bound to what is shown")
    class Approving {
        @Test
        void theOptionsAskForUserVerificationWithTheUsersPasskeys() {
            options(user, id)
                    .then()
                    .statusCode(200)
                    .header("Cache-Control", containsString("no-store"))
                    .body("userVerification", equalTo("required"))
                    .body("rpId", equalTo(issuer.getHost()))
                    .body("allowCredentials[0].id", equalTo(passkey.credentialId()))
                    .body("challenge", org.hamcrest.Matchers.matchesPattern("[A-Za-z0-9_-]{43}"));
        }

        @Test
        void aFreshAssertionApprovesAndTheTokensSayHowTheUserApproved() throws Exception {
            approve(user, id, sign(passkey, challenge(user, id))).then().statusCode(204);
            assertThat(status(user, id)).isEqualTo("approved");

            Response token = poll(client, authReqId);
            token.then().statusCode(200);
            JsonNode access = payload(token.path("access_token"));
            assertThat(access.path("acr").asText()).isEqualTo("urn:countersign:acr:passkey-uv");
            assertThat(JSON.convertValue(access.path("amr"), List.class)).containsExactly("swk", "user", "mfa");
            JsonNode idToken = payload(token.path("id_token"));
            assertThat(idToken.path("acr").asText()).isEqualTo("urn:countersign:acr:passkey-uv");

            admin("/admin/approvals/" + id + "/receipt")
                    .then()
                    .statusCode(200)
                    .body("request_id", equalTo(id))
                    .body("user_sub", equalTo(user.sub()))
                    .body("credential_id", equalTo(passkey.credentialId()))
                    .body("shown", containsString("¥1,500"));
            admin("/admin/approvals/" + id + "/receipt/verify")
                    .then()
                    .statusCode(200)
                    .body("valid", equalTo(true))
                    .body("problems", org.hamcrest.Matchers.empty());
        }

        @Test
        void aPlainTapApprovalCarriesNoPasskeyClaims() throws Exception {
            SignedInUser other = Fixtures.signedInUser();
            String plain = ask(other, "[{\"type\":\"number_check\",\"amount\":\"10\"}]");
            approve(other, newestPendingId(other), null).then().statusCode(204);
            JsonNode access = payload(poll(client, plain).path("access_token"));
            assertThat(access.has("acr")).isFalse();
            assertThat(access.has("amr")).isFalse();
        }
    }

    @Nested
    @DisplayName("Issue 4: without a valid assertion nothing changes")
    class Refusing {
        @Test
        void noAssertionIsRefused() {
            approve(user, id, null).then().statusCode(403).body("detail", containsString("passkey"));
            assertThat(status(user, id)).isEqualTo("pending");
            poll(client, authReqId).then().statusCode(400).body("error", equalTo("authorization_pending"));
        }

        @Test
        void anAssertionOverAnotherChallengeIsRefused() {
            challenge(user, id);
            String foreign = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString("not what was shown, 32 bytes...".getBytes(StandardCharsets.US_ASCII));
            approve(user, id, sign(passkey, foreign)).then().statusCode(403);
            assertThat(status(user, id)).isEqualTo("pending");
        }

        @Test
        void anAssertionForASupersededChallengeIsRefused() {
            Map<String, Object> old = sign(passkey, challenge(user, id));
            challenge(user, id);
            approve(user, id, old).then().statusCode(403);
            assertThat(status(user, id)).isEqualTo("pending");
        }

        @Test
        void aCapturedAssertionCannotBeReplayedOnAnotherRequest() {
            Map<String, Object> captured = sign(passkey, challenge(user, id));
            approve(user, id, captured).then().statusCode(204);
            ask(user);
            String second = newestPendingId(user);
            challenge(user, second);
            approve(user, second, captured).then().statusCode(403);
            assertThat(status(user, second)).isEqualTo("pending");
        }

        @Test
        void anotherUsersPasskeyIsRefused() {
            SignedInUser mallory = Fixtures.signedInUser();
            SoftwarePasskey hers = register(mallory);
            approve(user, id, sign(hers, challenge(user, id))).then().statusCode(403);
            assertThat(status(user, id)).isEqualTo("pending");
        }

        @Test
        void aRequestThatIsNotHighRiskHasNoOptions() {
            SignedInUser other = Fixtures.signedInUser();
            ask(other, "[{\"type\":\"number_check\",\"amount\":\"10\"}]");
            options(other, newestPendingId(other)).then().statusCode(400);
        }

        @Test
        void aUserWithoutAPasskeyIsToldToAddOne() {
            SignedInUser other = Fixtures.signedInUser();
            ask(other);
            options(other, newestPendingId(other))
                    .then()
                    .statusCode(409)
                    .contentType(equalTo("application/problem+json"));
        }
    }

    @Nested
    @DisplayName("Issue 4: a receipt can be verified later")
    class Receipts {
        @Test
        void tamperingWithWhatWasShownOrTheSignatureFailsVerification() {
            approve(user, id, sign(passkey, challenge(user, id))).then().statusCode(204);
            QuarkusTransaction.requiringNew()
                    .run(() -> receiptRows.update("shown = replace(shown, '1,500', '15') where requestId = ?1", id));
            admin("/admin/approvals/" + id + "/receipt/verify")
                    .then()
                    .statusCode(200)
                    .body("valid", equalTo(false))
                    .body("problems[0]", containsString("display hash"));
        }

        @Test
        void aForgedSignatureFailsVerification() {
            approve(user, id, sign(passkey, challenge(user, id))).then().statusCode(204);
            String otherSignature = (String) ((Map<?, ?>) sign(passkey, "AAAA").get("response")).get("signature");
            QuarkusTransaction.requiringNew()
                    .run(() -> receiptRows.update("signature = ?1 where requestId = ?2", otherSignature, id));
            admin("/admin/approvals/" + id + "/receipt/verify")
                    .then()
                    .statusCode(200)
                    .body("valid", equalTo(false))
                    .body("problems", org.hamcrest.Matchers.hasItem(containsString("signature")));
        }

        @Test
        void anUnknownRequestHasNoReceipt() {
            admin("/admin/approvals/nope/receipt").then().statusCode(404);
            admin("/admin/approvals/nope/receipt/verify").then().statusCode(404);
        }
    }

    @Nested
    @DisplayName("Issue 4 and RFC 7662 §2.2: a resource server verifies the receipt of a token it holds")
    class ReceiptsForResourceServers {
        static final String API = "https://payments.example.test/";
        static final String AT_API =
                "[{\"type\":\"number_check\",\"amount\":\"1500\",\"locations\":[\"" + API + "\"]}]";

        String accessToken;
        SignedInUser holder;
        SoftwarePasskey key;

        @BeforeEach
        void approveAHighRiskRequestForTheApi() {
            holder = Fixtures.signedInUser();
            key = register(holder);
            String authReq = ask(holder, AT_API);
            String requestId = newestPendingId(holder);
            approve(holder, requestId, sign(key, challenge(holder, requestId)))
                    .then()
                    .statusCode(204);
            accessToken = poll(client, authReq).then().statusCode(200).extract().path("access_token");
        }

        private static RegisteredClient resourceServer(String resource) {
            return Fixtures.client(Map.of("client_name", "Payments API", "resource_indicators", List.of(resource)));
        }

        @Test
        void theAccessTokenNamesTheReceipt() throws Exception {
            JsonNode access = payload(accessToken);
            assertThat(access.path("aud").asText()).isEqualTo(API);
            assertThat(access.path("approval_receipt").asText()).matches("[A-Za-z0-9_-]{22}");
        }

        @Test
        void theResourceServerOfTheTokensAudienceGetsTheReceiptAndItsVerification() throws Exception {
            String receiptId = payload(accessToken).path("approval_receipt").asText();
            introspect(resourceServer(API), accessToken)
                    .then()
                    .statusCode(200)
                    .header("Cache-Control", "no-store")
                    .body("active", equalTo(true))
                    .body("approval_receipt", equalTo(receiptId))
                    .body("approval_receipt_details.id", equalTo(receiptId))
                    .body("approval_receipt_details.user_sub", equalTo(holder.sub()))
                    .body("approval_receipt_details.credential_id", equalTo(key.credentialId()))
                    .body("approval_receipt_details.credential_public_key_alg", equalTo(-7))
                    .body("approval_receipt_details.shown", containsString("¥1,500"))
                    .body("approval_receipt_details.verification.valid", equalTo(true))
                    .body("approval_receipt_details.verification.problems", org.hamcrest.Matchers.empty());
        }

        @Test
        void theTokensOwnClientGetsTheReceiptToo() {
            introspect(client, accessToken)
                    .then()
                    .statusCode(200)
                    .body("approval_receipt_details.verification.valid", equalTo(true));
        }

        @Test
        void aTamperedReceiptIsReportedInvalid() {
            QuarkusTransaction.requiringNew()
                    .run(() -> receiptRows.update(
                            "shown = replace(shown, '1,500', '15') where userSub = ?1", holder.sub()));
            introspect(resourceServer(API), accessToken)
                    .then()
                    .statusCode(200)
                    .body("approval_receipt_details.verification.valid", equalTo(false))
                    .body("approval_receipt_details.verification.problems[0]", containsString("display hash"));
        }

        @Test
        void anotherClientLearnsNothingAboutTheTokenOrItsReceipt() {
            for (RegisteredClient other : List.of(Fixtures.client(), resourceServer("https://other.example.test/"))) {
                Response r = introspect(other, accessToken);
                r.then().statusCode(200);
                assertThat(r.jsonPath().getMap("")).isEqualTo(Map.of("active", false));
            }
        }

        @Test
        void aPlainTapApprovalNamesNoReceipt() throws Exception {
            SignedInUser other = Fixtures.signedInUser();
            String plain =
                    ask(other, "[{\"type\":\"number_check\",\"amount\":\"10\",\"locations\":[\"" + API + "\"]}]");
            approve(other, newestPendingId(other), null).then().statusCode(204);
            String token = poll(client, plain).path("access_token");
            assertThat(payload(token).has("approval_receipt")).isFalse();
            introspect(resourceServer(API), token)
                    .then()
                    .body("active", equalTo(true))
                    .body("approval_receipt_details", org.hamcrest.Matchers.nullValue());
        }
    }

    @Nested
    @DisplayName("Issue 4: a receipt approves only its own request, while fresh, and a replay changes nothing")
    class Hardening {
        private Approval withReceipt(String receiptId) {
            return new Approval(
                    Optional.of(47), Optional.of(PasskeyApprovals.ACR), PasskeyApprovals.AMR, Optional.of(receiptId));
        }

        private String storeReceipt(String requestId, Instant createdAt) {
            String receiptId = Fixtures.uniqueName("r").replaceAll("[^A-Za-z0-9]", "");
            QuarkusTransaction.requiringNew().run(() -> {
                ApprovalReceiptEntity e = new ApprovalReceiptEntity();
                e.id = receiptId.length() > 32 ? receiptId.substring(0, 32) : receiptId;
                e.requestId = requestId;
                e.userSub = user.sub();
                e.credentialId = passkey.credentialId();
                e.authenticatorData = "AA";
                e.clientDataJson = "AA";
                e.signature = "AA";
                e.displayHash = "AA";
                e.nonce = "AA";
                e.shown = "{}";
                e.createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
                receiptRows.persist(e);
            });
            return receiptId.length() > 32 ? receiptId.substring(0, 32) : receiptId;
        }

        @Test
        void aReceiptMadeForAnotherRequestDoesNotApprove() {
            approve(user, id, sign(passkey, challenge(user, id))).then().statusCode(204);
            String receiptOfFirst = QuarkusTransaction.requiringNew()
                    .call(() -> receiptRows.findByRequestId(id).orElseThrow().id);
            ask(user);
            String second = newestPendingId(user);
            assertThat(decisions.approve(user.sub(), second, withReceipt(receiptOfFirst)))
                    .isEqualTo(Decision.PASSKEY_REQUIRED);
            assertThat(status(user, second)).isEqualTo("pending");
        }

        @Test
        void anotherUsersReceiptDoesNotApprove() {
            SignedInUser mallory = Fixtures.signedInUser();
            register(mallory);
            ask(mallory);
            String hers = newestPendingId(mallory);
            String receipt = storeReceipt(id, clock.instant());
            assertThat(decisions.approve(mallory.sub(), hers, withReceipt(receipt)))
                    .isEqualTo(Decision.PASSKEY_REQUIRED);
            assertThat(status(mallory, hers)).isEqualTo("pending");
        }

        @Test
        void aStaleReceiptDoesNotApproveAndAFreshOneDoes() {
            String stale = storeReceipt(
                    id,
                    clock.instant().minus(PasskeyApprovals.CHALLENGE_LIFETIME).minusSeconds(1));
            assertThat(decisions.approve(user.sub(), id, withReceipt(stale))).isEqualTo(Decision.PASSKEY_REQUIRED);
            assertThat(status(user, id)).isEqualTo("pending");
            QuarkusTransaction.requiringNew().run(() -> receiptRows.deleteById(stale));
            String fresh = storeReceipt(id, clock.instant().minusSeconds(10));
            assertThat(decisions.approve(user.sub(), id, withReceipt(fresh))).isEqualTo(Decision.DECIDED);
        }

        @Test
        void aReplayedAssertionLeavesThePasskeysCounterAndLastUseUnchanged() {
            Map<?, ?> response = (Map<?, ?>) sign(passkey, challenge(user, id)).get("response");
            PendingRequest request = decisions.requestOf(user.sub(), id).orElseThrow();
            PasskeyApprovals.Assertion assertion = new PasskeyApprovals.Assertion(
                    passkey.credentialId(),
                    (String) response.get("authenticatorData"),
                    (String) response.get("clientDataJSON"),
                    (String) response.get("signature"));
            ProblemException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    ProblemException.class,
                    () -> passkeyApprovals.approve(
                            decisions,
                            request,
                            display.render(request),
                            "a-nonce-that-was-already-consumed",
                            assertion,
                            99,
                            Optional.of(47)));
            assertThat(refused.status()).isEqualTo(403);
            PasskeyEntity row = QuarkusTransaction.requiringNew()
                    .call(() -> passkeyRows
                            .find("credentialId", passkey.credentialId())
                            .firstResult());
            assertThat(row.signCount).isZero();
            assertThat(row.lastUsedAt).isNull();
            assertThat(status(user, id)).isEqualTo("pending");
        }
    }
}
