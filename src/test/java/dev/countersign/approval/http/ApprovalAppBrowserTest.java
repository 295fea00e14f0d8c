package dev.countersign.approval.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.countersign.testing.BrowserSubscription;
import dev.countersign.testing.CibaCalls;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PhoneBrowser;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.latest.serviceworker.ServiceWorker;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The approval app in a real browser: headless Chromium at a phone-sized viewport with a WebAuthn
 * virtual authenticator, opened at {@code http://localhost:<port>} (the WebAuthn rp id). One browser
 * for the class; every wait is on a DOM condition. Screens are saved under target/screenshots.
 */
@QuarkusTest
class ApprovalAppBrowserTest {
    static PhoneBrowser browser;

    @Inject
    MutableClock clock;

    String base;
    RegisteredClient agent;

    @BeforeAll
    static void startBrowser() {
        browser = PhoneBrowser.start();
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void freshSession() {
        base = ConfigProvider.getConfig().getValue("countersign.issuer", String.class);
        agent = Fixtures.client();
        browser.signedOut(base);
    }

    WebElement element(String id) {
        return browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    void signInWithPassword(String username) {
        browser.driver.get(base + "/app/signin");
        element("username").sendKeys(username);
        element("password").sendKeys(Fixtures.PASSWORD);
        element("password-sign-in").click();
        browser.waiting().until(ExpectedConditions.urlToBe(base + "/app"));
    }

    String openNewestRequest() {
        browser.driver.get(base + "/app");
        WebElement link =
                browser.waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.request-link")));
        String id = link.getAttribute("data-request-id");
        link.click();
        browser.waiting().until(ExpectedConditions.urlToBe(base + "/app/requests/" + id));
        return id;
    }

    String statusText() {
        return element("status").getText();
    }

    @Nested
    @DisplayName("Passkey sign-in and approval, end to end")
    class EndToEnd {
        @Test
        void aUserCreatesAPasskeySignsInWithItAndApprovesWhatTheAgentAsked() throws Exception {
            browser.authenticator.removeAllCredentials();
            String username = Fixtures.uniqueName("phone");
            Fixtures.user(username);

            browser.driver.get(base + "/app/signin");
            element("passkey-sign-in");
            browser.screenshot("01-sign-in");
            signInWithPassword(username);
            element("passkey-offer");
            browser.screenshot("02-offer-passkey");

            element("offer-create-passkey").click();
            browser.waiting().until(ExpectedConditions.urlToBe(base + "/app/passkeys"));
            element("passkey-name").clear();
            element("passkey-name").sendKeys("Test phone");
            element("add-passkey").click();
            browser.waiting().until(ExpectedConditions.urlContains("added=1"));
            assertThat(element("passkeys").getText()).contains("Created");
            assertThat(browser.driver
                            .findElement(By.cssSelector("input.passkey-name"))
                            .getAttribute("value"))
                    .isEqualTo("Test phone");
            assertThat(browser.authenticator.getCredentials()).hasSize(1);
            assertThat(browser.authenticator.getCredentials().get(0).isResidentCredential())
                    .isTrue();
            browser.screenshot("03-passkeys");
            WebElement name = browser.driver.findElement(By.cssSelector("input.passkey-name"));
            name.clear();
            name.sendKeys("Work phone");
            browser.driver.findElement(By.cssSelector("button.rename")).click();
            browser.waiting().until(ExpectedConditions.textToBe(By.id("message"), "Renamed."));

            element("sign-out").click();
            browser.waiting().until(ExpectedConditions.urlToBe(base + "/app/signin"));
            element("passkey-sign-in").click();
            browser.waiting().until(ExpectedConditions.urlToBe(base + "/app"));
            assertThat(browser.driver.findElements(By.id("passkey-offer"))).isEmpty();
            aPasskeyAssertionOverAChosenChallengeVerifiesOnlyForThatChallenge(username);

            String authReqId = CibaCalls.start(agent, username, "binding_message", "Pay 42 EUR");
            browser.driver.navigate().refresh();
            element("requests");
            assertThat(element("requests").getText()).contains("Test agent").contains("Pay 42 EUR");
            browser.screenshot("04-pending-requests");

            openNewestRequest();
            assertThat(element("agent").getText()).isEqualTo("Test agent");
            assertThat(element("binding-message").getText()).isEqualTo("Pay 42 EUR");
            assertThat(element("what-happens").getText()).contains("If you approve, Test agent receives");
            assertThat(element("scopes").getText())
                    .contains("Confirm that it is you")
                    .contains("payments (no description)");
            browser.waiting()
                    .until(ExpectedConditions.textMatches(
                            By.id("countdown"), java.util.regex.Pattern.compile("\\d+:\\d\\d")));
            browser.screenshot("05-request");

            element("approve").click();
            browser.waiting()
                    .until(ExpectedConditions.textToBe(
                            By.id("status"), "You approved this request. The agent can go ahead."));
            browser.screenshot("06-approved");

            CibaCalls.poll(agent, authReqId).then().statusCode(200).body("access_token", notNullValue());

            browser.driver.get(base + "/app/passkeys");
            assertThat(browser.driver
                            .findElement(By.cssSelector("input.passkey-name"))
                            .getAttribute("value"))
                    .isEqualTo("Work phone");
            assertThat(element("passkeys").getText()).contains("last used");
            browser.driver.findElement(By.cssSelector("button.remove")).click();
            browser.waiting().until(ExpectedConditions.urlContains("removed=1"));
            element("no-passkeys");
        }
    }

    @Inject
    PasskeyCeremony ceremony;

    /** The seam for high-risk approvals: an assertion bound to a challenge the server chose. */
    void aPasskeyAssertionOverAChosenChallengeVerifiesOnlyForThatChallenge(String username) throws Exception {
        byte[] challenge = java.security.MessageDigest.getInstance("SHA-256")
                .digest("Pay 42 EUR to Bob".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String json = (String) browser.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "const b = s => Uint8Array.from(atob(s), c => c.charCodeAt(0));"
                        + "const u = x => btoa(String.fromCharCode(...new Uint8Array(x)))"
                        + ".replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');"
                        + "navigator.credentials.get({publicKey: {challenge: b(arguments[0]), rpId: 'localhost',"
                        + " userVerification: 'required'}}).then(c => done(JSON.stringify({id: c.id,"
                        + " rawId: u(c.rawId), type: c.type, response: {clientDataJSON: u(c.response.clientDataJSON),"
                        + " authenticatorData: u(c.response.authenticatorData), signature: u(c.response.signature),"
                        + " userHandle: u(c.response.userHandle)}}))).catch(e => done('error: ' + e));",
                java.util.Base64.getEncoder().encodeToString(challenge));
        var assertion = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        String sub = ceremony.verifyAssertion(assertion, challenge).getUsername();
        assertThat(sub).isEqualTo(users.resolveLoginHint(username).orElseThrow().sub());
        byte[] other = challenge.clone();
        other[0] ^= 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ceremony.verifyAssertion(assertion, other))
                .isInstanceOf(dev.countersign.common.ProblemException.class);
    }

    @Inject
    dev.countersign.account.Users users;

    @Nested
    @DisplayName("Deny and expiry")
    class DenyAndExpiry {
        @Test
        void denyingWithAReasonTellsTheAgentNoInOneTap() {
            String username = Fixtures.uniqueName("deny");
            Fixtures.user(username);
            signInWithPassword(username);
            String authReqId = CibaCalls.start(agent, username, "binding_message", "Delete repo");

            openNewestRequest();
            element("reason").sendKeys("I did not ask for this");
            element("deny").click();
            browser.waiting()
                    .until(ExpectedConditions.textToBe(
                            By.id("status"), "You denied this request. The agent gets nothing."));
            browser.screenshot("07-denied");
            CibaCalls.poll(agent, authReqId).then().statusCode(400).body("error", equalTo("access_denied"));

            browser.driver.get(base + "/app/history");
            assertThat(element("history").getText()).contains("Delete repo").containsIgnoringCase("denied");
            browser.screenshot("08-history");
        }

        @Test
        void aRequestThatExpiresWhileItsPageIsOpenShowsThatItExpired() {
            String username = Fixtures.uniqueName("expiry");
            Fixtures.user(username);
            signInWithPassword(username);
            String authReqId =
                    CibaCalls.start(agent, username, "binding_message", "Short lived", "requested_expiry", "3");

            openNewestRequest();
            element("approve");
            browser.waiting()
                    .until(ExpectedConditions.textToBe(
                            By.id("status"), "This request has expired: the agent gets nothing."));
            assertThat(browser.driver.findElement(By.id("decision")).isDisplayed())
                    .isFalse();
            browser.screenshot("09-expired");

            clock.advance(Duration.ofSeconds(4));
            CibaCalls.poll(agent, authReqId).then().statusCode(400).body("error", equalTo("expired_token"));
        }
    }

    @Nested
    @DisplayName("Other screens")
    class OtherScreens {
        @Test
        void theDevicesPageListsTheUsersDevicesAndRemovesOne() {
            Fixtures.SignedInUser user = Fixtures.signedInUser();
            new BrowserSubscription("https://push.example.com/send/" + java.util.UUID.randomUUID())
                    .register(user, "Work phone")
                    .then()
                    .statusCode(201);
            signInWithPassword(user.username());
            browser.driver.get(base + "/app/devices");
            WebElement device = browser.waiting()
                    .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#devices li")));
            assertThat(device.getText()).contains("Work phone");
            browser.screenshot("10-devices");
            device.findElement(By.cssSelector("button.danger")).click();
            element("no-devices");
        }

        @Test
        void anUnknownRequestIsAFriendlyNotFoundPage() {
            String username = Fixtures.uniqueName("nf");
            Fixtures.user(username);
            signInWithPassword(username);
            browser.driver.get(base + "/app/requests/no-such-request");
            assertThat(element("not-found").getText()).contains("does not exist, or it is not yours");
        }

        @Test
        void aLockedAccountIsExplainedOnScreen() {
            String username = Fixtures.uniqueName("locked");
            Fixtures.user(username);
            for (int i = 0; i < 5; i++) {
                io.restassured.RestAssured.given()
                        .contentType(io.restassured.http.ContentType.JSON)
                        .body(Map.of("username", username, "password", "wrong password " + i))
                        .post("/api/me/session");
            }
            browser.driver.get(base + "/app/signin");
            element("username").sendKeys(username);
            element("password").sendKeys(Fixtures.PASSWORD);
            element("password-sign-in").click();
            browser.waiting()
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.id("message"), "sign-in is paused for this account"));
        }

        @Test
        void aWrongPasswordIsExplainedOnScreen() {
            String username = Fixtures.uniqueName("wrong");
            Fixtures.user(username);
            browser.driver.get(base + "/app/signin");
            element("username").sendKeys(username);
            element("password").sendKeys("not the password at all");
            element("password-sign-in").click();
            browser.waiting().until(ExpectedConditions.textToBe(By.id("message"), "the username or password is wrong"));
        }
    }

    @Nested
    @DisplayName("Service worker: Push API push event (CDP ServiceWorker.deliverPushMessage)")
    class ServiceWorkerPush {
        @Test
        void aPushMessageIsShownAsANotificationTaggedWithTheRequestThatOpensItsPage() {
            browser.driver.get(base + "/app/signin");
            browser.driver.executeCdpCommand(
                    "Browser.grantPermissions", Map.of("origin", base, "permissions", List.of("notifications")));
            Object scope = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "navigator.serviceWorker.register('/sw.js', {scope: '/app/'})"
                    + ".then(() => navigator.serviceWorker.ready)"
                    + ".then(r => r.active.state === 'activated' ? r : new Promise(ok =>"
                    + " r.active.addEventListener('statechange', () => ok(r))))"
                    + ".then(r => done(r.scope)).catch(e => done('error: ' + e));");
            assertThat(scope).isEqualTo(base + "/app/");
            String payload = "{\"type\":\"approval_request\",\"request_id\":\"req-123\",\"title\":\"Approval needed\","
                    + "\"body\":\"An agent is waiting for your decision\",\"url\":\"/app/requests/req-123\"}";
            Map<String, Object> shown = deliverAndAwaitNotification(payload);
            assertThat(shown)
                    .containsEntry("title", "Approval needed")
                    .containsEntry("body", "An agent is waiting for your decision")
                    .containsEntry("tag", "req-123")
                    .containsEntry("url", "/app/requests/req-123");
        }

        /**
         * Learns the registration id from the DevTools {@code ServiceWorker.workerRegistrationUpdated}
         * event, delivers the message through ChromeDriver's CDP command, and waits for the
         * notification. Headless Chromium now and then drops a message delivered right after the
         * worker activated, so a message that shows nothing within 5 s is delivered again (at most
         * three times); the handler is idempotent (same tag).
         */
        @SuppressWarnings("unchecked")
        Map<String, Object> deliverAndAwaitNotification(String payload) {
            DevTools devTools = browser.driver.getDevTools();
            devTools.createSessionIfThereIsNotOne();
            CompletableFuture<String> registration = new CompletableFuture<>();
            devTools.addListener(
                    ServiceWorker.workerRegistrationUpdated(),
                    updates -> updates.stream()
                            .filter(r -> r.getScopeURL().equals(base + "/app/") && !r.getIsDeleted())
                            .findFirst()
                            .ifPresent(r ->
                                    registration.complete(r.getRegistrationId().toString())));
            devTools.send(ServiceWorker.enable());
            String id = registration.orTimeout(15, TimeUnit.SECONDS).join();
            browser.driver.executeCdpCommand("ServiceWorker.enable", Map.of());
            for (int attempt = 1; ; attempt++) {
                browser.driver.executeCdpCommand(
                        "ServiceWorker.deliverPushMessage",
                        Map.of("origin", base, "registrationId", id, "data", payload));
                try {
                    return (Map<String, Object>) new WebDriverWait(browser.driver, Duration.ofSeconds(5))
                            .until(d ->
                                    browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                                            + "navigator.serviceWorker.ready.then(r => r.getNotifications())"
                                            + ".then(list => done(list.length === 0 ? null : {title: list[0].title,"
                                            + " body: list[0].body, tag: list[0].tag, url: list[0].data.url}))"
                                            + ".catch(e => done(null));"));
                } catch (TimeoutException e) {
                    if (attempt == 3) {
                        throw new AssertionError(
                                "no notification after 3 push messages; permission: "
                                        + browser.driver.executeScript("return Notification.permission"),
                                e);
                    }
                }
            }
        }
    }
}
