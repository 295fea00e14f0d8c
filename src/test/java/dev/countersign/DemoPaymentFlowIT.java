package dev.countersign;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.testing.PackagedApp;
import io.restassured.response.Response;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The newcomer's flow of the README quick start, on the packaged application in demo mode: run the
 * service, run {@code examples/pay-bob.sh} with the printed demo agent API key, approve as the demo
 * user, and the demo target has paid 42.00 EUR to Bob Smith, exactly once and no more than approved.
 */
class DemoPaymentFlowIT {
    private static final Pattern DEMO_USER = Pattern.compile("user:\\s+(\\S+) / (\\S+)");
    private static final Pattern API_KEY = Pattern.compile("agent API key:\\s+(cs_agent_\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Nested
    @DisplayName("README quick start: the example agent pays Bob once the demo user approves")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class PayBob {
        private PackagedApp app;
        private String base;
        private String username;
        private String password;
        private String apiKey;

        @BeforeAll
        void start() {
            app = PackagedApp.embedded().issuerOnItsPort().start();
            base = app.baseUri().toString();
            Matcher user = DEMO_USER.matcher(app.output());
            Matcher key = API_KEY.matcher(app.output());
            assertTrue(user.find() && key.find(), "first start prints the demo user and API key:\n" + app.output());
            username = user.group(1);
            password = user.group(2);
            apiKey = key.group(1);
        }

        @AfterAll
        void close() {
            if (app != null) {
                app.close();
            }
        }

        @Test
        @Order(1)
        void listsThePayActionForAgents() {
            given().baseUri(base)
                    .auth()
                    .oauth2(apiKey)
                    .get("/v1/actions")
                    .then()
                    .statusCode(200)
                    .body("find { it.name == 'pay' }.name", equalTo("pay"));
        }

        @Test
        @Order(2)
        void theExampleAgentSucceedsAfterTheDemoUserApproves() throws Exception {
            for (String tool : List.of("bash", "curl", "python3")) {
                Assumptions.assumeTrue(onPath(tool), "skipped: " + tool + " is not installed");
            }
            Path out = Files.createTempFile(app.workDir(), "pay-bob-", ".log");
            ProcessBuilder builder = new ProcessBuilder(
                            "bash",
                            Path.of("examples/pay-bob.sh").toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            builder.environment().put("COUNTERSIGN_URL", base);
            builder.environment().put("COUNTERSIGN_API_KEY", apiKey);
            Process script = builder.start();
            try {
                approveTheOnlyRequest();
                assertTrue(script.waitFor(60, TimeUnit.SECONDS), "the script ends:\n" + Files.readString(out));
                String printed = Files.readString(out);
                assertEquals(0, script.exitValue(), printed);
                assertTrue(printed.contains(": succeeded"), printed);
                JsonNode run = JSON.readTree(printed.substring(printed.indexOf("final run:") + "final run:".length()));
                assertEquals("succeeded", run.path("status").asText(), printed);
                assertEquals(201, run.path("result").path("status").asInt(), "a new payment, not a repeat: " + printed);
                JsonNode payment = JSON.readTree(run.path("result").path("body").asText());
                assertEquals("accepted", payment.path("status").asText());
                assertEquals("42.00", payment.path("amount").asText());
                assertEquals("EUR", payment.path("currency").asText());
                assertEquals("Bob Smith", payment.path("creditor").asText());
                assertTrue(payment.path("agent").isTextual(), "act.sub names an agent: " + printed);
            } finally {
                script.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        @Test
        @Order(3)
        void theApprovedTokenPaysExactlyTheApprovedAmountAndNoMore() {
            Response created = given().baseUri(base)
                    .auth()
                    .oauth2(apiKey)
                    .contentType("application/json")
                    .body(Map.of(
                            "action",
                            "pay",
                            "user",
                            username,
                            "mode",
                            "token",
                            "params",
                            Map.of("amount", "42.00", "currency", "EUR", "creditor", "Bob Smith")))
                    .post("/v1/runs");
            created.then().statusCode(202).body("binding_message", equalTo("Pay 42.00 EUR to Bob Smith"));
            approveTheOnlyRequest();
            String token = settled(created.path("id"))
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("succeeded"))
                    .extract()
                    .path("token.access_token");
            pay(token, "larger", "42.01").then().statusCode(403);
            pay(token, "exact", "42.00").then().statusCode(201).body("amount", equalTo("42.00"));
        }

        /**
         * The run once it has left {@code awaiting_approval} and {@code executing}: a long-poll
         * returns at every change of status, and {@code executing} is one (bounded: 5 waits).
         */
        private Response settled(String id) {
            Response run = null;
            for (int i = 0; i < 5; i++) {
                run = given().baseUri(base).auth().oauth2(apiKey).get("/v1/runs/" + id + "?wait=30");
                String status = run.path("status");
                if (!"awaiting_approval".equals(status) && !"executing".equals(status)) {
                    break;
                }
            }
            return run;
        }

        private Response pay(String token, String idempotencyKey, String amount) {
            return given().baseUri(base)
                    .auth()
                    .oauth2(token)
                    .header("Idempotency-Key", idempotencyKey)
                    .contentType("application/json")
                    .body(Map.of("amount", amount, "currency", "EUR", "creditor", "Bob Smith"))
                    .post("/demo/payments");
        }

        /** Signs in as the demo user, waits (bounded) for one pending request and approves it. */
        private void approveTheOnlyRequest() {
            Response session = given().baseUri(base)
                    .contentType("application/json")
                    .body(Map.of("username", username, "password", password))
                    .post("/api/me/session");
            session.then().statusCode(200);
            String cookie = session.getCookie("countersign_session");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            List<String> pending = List.of();
            while (pending.isEmpty() && Instant.now().isBefore(deadline)) {
                pending = given().baseUri(base)
                        .cookie("countersign_session", cookie)
                        .get("/api/me/requests")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("id");
                if (pending.isEmpty()) {
                    pause();
                }
            }
            assertEquals(1, pending.size(), "one request awaits the demo user");
            given().baseUri(base)
                    .cookie("countersign_session", cookie)
                    .header("X-CSRF-Token", session.<String>path("csrf_token"))
                    .post("/api/me/requests/" + pending.get(0) + "/approve")
                    .then()
                    .statusCode(204);
        }
    }

    /** The script posts its run asynchronously: a short pause between checks of the user's inbox. */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
