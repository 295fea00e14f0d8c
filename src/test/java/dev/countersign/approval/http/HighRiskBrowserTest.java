package dev.countersign.approval.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.testing.CibaCalls;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.PhoneBrowser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Number matching and high-risk passkey approval in a real browser (issue 4): headless Chromium at a
 * phone-sized viewport with a WebAuthn virtual authenticator (user verification on), against the %test
 * type {@code number_check} (number matching; high-risk above 1000). Screens under target/screenshots.
 */
@QuarkusTest
class HighRiskBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static PhoneBrowser browser;

    String base;
    RegisteredClient agent;
    String username;

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
    void signedInUser() {
        base = ConfigProvider.getConfig().getValue("countersign.issuer", String.class);
        agent = Fixtures.client(Map.of("authorization_details_types", List.of("number_check")));
        browser.signedOut(base);
        username = Fixtures.uniqueName("hr");
        Fixtures.user(username);
        browser.driver.get(base + "/app/signin");
        element("username").sendKeys(username);
        element("password").sendKeys(Fixtures.PASSWORD);
        element("password-sign-in").click();
        browser.waiting().until(ExpectedConditions.urlToBe(base + "/app"));
    }

    WebElement element(String id) {
        return browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    String ask(String amount) {
        return CibaCalls.start(
                agent,
                username,
                "binding_message",
                "Sign-in number 47",
                "authorization_details",
                "[{\"type\":\"number_check\",\"amount\":\"" + amount + "\"}]");
    }

    void openNewestRequest() {
        browser.driver.get(base + "/app");
        WebElement link =
                browser.waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("a.request-link")));
        String id = link.getAttribute("data-request-id");
        link.click();
        browser.waiting().until(ExpectedConditions.urlToBe(base + "/app/requests/" + id));
    }

    void pick(int number) {
        browser.driver
                .findElement(By.cssSelector("button.number[data-number='" + number + "']"))
                .click();
    }

    void awaitStatus(String text) {
        browser.waiting().until(ExpectedConditions.textToBe(By.id("status"), text));
    }

    @Nested
    @DisplayName("Issue 4: number matching on the phone")
    class NumberMatching {
        @Test
        void theRightPickApprovesAndTheAgentGetsItsToken() {
            String authReqId = ask("500");
            openNewestRequest();
            assertThat(element("display").getText()).contains("Confirm sign-in number check of ¥500");
            assertThat(element("binding-message").getText()).isEqualTo("Sign-in number ••");
            assertThat(browser.driver.findElements(By.id("high-risk"))).isEmpty();
            assertThat(element("approve").isEnabled()).isFalse();
            assertThat(browser.driver.findElements(By.cssSelector("button.number")))
                    .hasSize(3);
            pick(47);
            assertThat(element("approve").isEnabled()).isTrue();
            browser.screenshot("11-number-matching");
            element("approve").click();
            awaitStatus("You approved this request. The agent can go ahead.");
            CibaCalls.poll(agent, authReqId).then().statusCode(200);
        }

        @Test
        void aWrongPickDeniesTheRequest() {
            String authReqId = ask("500");
            openNewestRequest();
            int wrong = browser.driver.findElements(By.cssSelector("button.number")).stream()
                    .map(b -> Integer.parseInt(b.getAttribute("data-number")))
                    .filter(n -> n != 47)
                    .findFirst()
                    .orElseThrow();
            pick(wrong);
            element("approve").click();
            awaitStatus("That was not the number the agent shows, so the request was denied. The agent gets nothing.");
            browser.screenshot("12-wrong-number");
            CibaCalls.poll(agent, authReqId).then().statusCode(400).body("error", equalTo("access_denied"));
        }
    }

    @Nested
    @DisplayName("Issue 4: a high-risk request is approved with a passkey")
    class HighRisk {
        @Test
        void thePasskeyApprovalReachesTheTokensAndItsReceiptVerifies() throws Exception {
            browser.authenticator.removeAllCredentials();
            browser.driver.get(base + "/app/passkeys");
            element("passkey-name").clear();
            element("passkey-name").sendKeys("Test phone");
            element("add-passkey").click();
            browser.waiting().until(ExpectedConditions.urlContains("added=1"));

            String authReqId = ask("1500");
            openNewestRequest();
            assertThat(element("high-risk").getText()).contains("High risk");
            assertThat(element("display").getText()).contains("¥1,500");
            assertThat(element("approve").getText()).isEqualTo("Approve with passkey");
            pick(47);
            browser.screenshot("13-high-risk");
            element("approve").click();
            awaitStatus("You approved this request. The agent can go ahead.");
            browser.screenshot("14-high-risk-approved");

            Response token = CibaCalls.poll(agent, authReqId);
            token.then().statusCode(200);
            JsonNode access = JSON.readTree(Base64.getUrlDecoder()
                    .decode(token.<String>path("access_token").split("\\.")[1]));
            assertThat(access.path("acr").asText()).isEqualTo("urn:countersign:acr:passkey-uv");
            assertThat(JSON.convertValue(access.path("amr"), List.class)).containsExactly("swk", "user", "mfa");

            String id = browser.driver.getCurrentUrl().replaceAll(".*/", "");
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .get("/admin/approvals/" + id + "/receipt/verify")
                    .then()
                    .statusCode(200)
                    .body("valid", equalTo(true));
        }
    }
}
