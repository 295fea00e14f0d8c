package dev.countersign;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.countersign.testing.CibaCalls;
import dev.countersign.testing.Jdks;
import dev.countersign.testing.PackagedApp;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged application on its embedded defaults (README quick start): it starts from an empty
 * folder, keeps its H2 database and master key in {@code ./data}, prints a generated admin token once,
 * and starts again on the same data.
 */
class EmbeddedStartIT {
    private static final Pattern ADMIN_TOKEN = Pattern.compile("Admin token \\(shown once[^\\n]*\\n\\s+(\\S+)");
    private static final Pattern DEMO_USER = Pattern.compile("user:\\s+(\\S+) / (\\S+)");
    private static final Pattern DEMO_AGENT = Pattern.compile("agent:\\s+client_id=(\\S+)\\s+client_secret=(\\S+)");

    @Nested
    @DisplayName("README quick start: first start and restart on the embedded defaults")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class FirstStart {
        private PackagedApp app;

        @BeforeAll
        void start() {
            app = PackagedApp.embedded().start();
        }

        @AfterAll
        void close() {
            app.close();
        }

        @Test
        @Order(1)
        void answersReadyWithTheDatabaseUp() {
            given().baseUri(app.baseUri().toString())
                    .when()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"));
        }

        @Test
        @Order(2)
        void keepsTheDatabaseAndMasterKeyUnderData() {
            Path data = app.workDir().resolve("data");
            assertTrue(Files.isRegularFile(data.resolve("countersign.mv.db")), "H2 database file");
            assertTrue(Files.isRegularFile(data.resolve("master.key")), "generated master key");
        }

        @Test
        @Order(2)
        void advertisesAnIssuerOnThePortItListensOnWhenNoneIsSet() {
            String issuer = "http://localhost:" + app.baseUri().getPort();
            given().baseUri(app.baseUri().toString())
                    .get("/.well-known/openid-configuration")
                    .then()
                    .statusCode(200)
                    .body("issuer", equalTo(issuer))
                    .body("backchannel_authentication_endpoint", equalTo(issuer + "/bc-authorize"));
            assertTrue(
                    app.output().contains("sign in at " + issuer + "/api/me/session"),
                    "the demo banner names this port:\n" + app.output());
        }

        @Test
        @Order(3)
        void printsAGeneratedAdminTokenOnce() {
            Matcher token = ADMIN_TOKEN.matcher(app.output());
            assertTrue(token.find(), "first start prints the admin token:\n" + app.output());
            assertEquals(43, token.group(1).length(), "256 random bits, base64url");
        }

        @Test
        @Order(4)
        void printsDemoCredentialsThatCompleteACibaFlow() {
            Matcher user = DEMO_USER.matcher(app.output());
            Matcher agent = DEMO_AGENT.matcher(app.output());
            assertTrue(user.find() && agent.find(), "first start prints the demo accounts:\n" + app.output());
            String base = app.baseUri().toString();
            String authReqId = given().baseUri(base)
                    .auth()
                    .preemptive()
                    .basic(agent.group(1), agent.group(2))
                    .contentType(CibaCalls.FORM)
                    .body(CibaCalls.form("scope", "openid", "login_hint", user.group(1), "binding_message", "Demo"))
                    .post("/bc-authorize")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("auth_req_id");
            Response session = given().baseUri(base)
                    .contentType("application/json")
                    .body(Map.of("username", user.group(1), "password", user.group(2)))
                    .post("/api/me/session");
            session.then().statusCode(200);
            String id = given().baseUri(base)
                    .cookie("countersign_session", session.getCookie("countersign_session"))
                    .get("/api/me/requests")
                    .then()
                    .statusCode(200)
                    .body("[0].client_name", equalTo("Demo agent"))
                    .extract()
                    .path("[0].id");
            given().baseUri(base)
                    .cookie("countersign_session", session.getCookie("countersign_session"))
                    .header("X-CSRF-Token", session.<String>path("csrf_token"))
                    .post("/api/me/requests/" + id + "/approve")
                    .then()
                    .statusCode(204);
            given().baseUri(base)
                    .auth()
                    .preemptive()
                    .basic(agent.group(1), agent.group(2))
                    .contentType(CibaCalls.FORM)
                    .body(CibaCalls.form("grant_type", CibaCalls.CIBA_GRANT, "auth_req_id", authReqId))
                    .post("/token")
                    .then()
                    .statusCode(200)
                    .body("token_type", equalTo("Bearer"));
        }

        @Test
        @Order(5)
        void restartsOnTheSameDataWithoutPrintingTheTokenAgain() throws IOException {
            String masterKey = Files.readString(app.workDir().resolve("data/master.key"));
            app.stop();
            app.restart();
            assertFalse(ADMIN_TOKEN.matcher(app.output()).find(), "the token is printed only on first start");
            assertFalse(DEMO_AGENT.matcher(app.output()).find(), "the demo accounts are printed only on first start");
            assertEquals(masterKey, Files.readString(app.workDir().resolve("data/master.key")));
            given().baseUri(app.baseUri().toString())
                    .when()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200);
        }
    }

    /** Starts the package with one setting (no demo accounts); returns why it refused to start. */
    private static String refusedStart(String property, String value) {
        IllegalStateException refused = assertThrows(
                IllegalStateException.class,
                () -> PackagedApp.embedded()
                        .property(property, value)
                        .property("countersign.demo.enabled", "false")
                        .start());
        return refused.getMessage();
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.3 interval: a bad configured interval stops start-up, never a 500 later")
    class StartUpChecks {
        @ParameterizedTest
        @ValueSource(strings = {"PT0S", "PT-5S", "PT10M", "soon"})
        void refusesToStartWithAnIntervalOutsideOneToSixtySeconds(String interval) {
            String refused = refusedStart("countersign.ciba.interval", interval);
            assertTrue(refused.contains("countersign.ciba.interval"), "the message names the setting:\n" + refused);
        }
    }

    @Nested
    @DisplayName("Configuration bounds: a setting outside its bounds stops start-up and is named")
    class ConfigurationBounds {
        @ParameterizedTest
        @ValueSource(strings = {"0", "10001"})
        void refusesToStartWithASealBatchSizeOutsideOneToTenThousand(String size) {
            String refused = refusedStart("countersign.audit.seal-batch-size", size);
            assertTrue(
                    refused.contains("countersign.audit.seal-batch-size must be between 1 and 10000, not " + size),
                    "the message names the setting, its bounds and the value:\n" + refused);
        }
    }

    @Nested
    @DisplayName("ADR 0007: a window for repeated slow_down answers outside PT0S–P1D stops start-up")
    class RepeatedSlowDownWindow {
        @ParameterizedTest
        @ValueSource(strings = {"PT-1S", "P2D"})
        void refusesToStartWithAWindowOutsideZeroToOneDay(String window) {
            String refused = refusedStart("countersign.audit.repeated-slow-down-window", window);
            assertTrue(
                    refused.contains("countersign.audit.repeated-slow-down-window"),
                    "the message names the setting:\n" + refused);
        }
    }

    @Nested
    @DisplayName("bin/countersign: the launcher of the README quick start")
    class Launcher {
        @TempDir
        Path archiveFolder;

        @Test
        void recordsItsClassDataArchiveThenStartsThePackageWithTheMemoryCappedDefaults() {
            Path archive = archiveFolder.resolve("countersign.jsa");
            String command = commandLineOnceReady(PackagedApp.embedded(), archive);
            for (String option : List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:SharedArchiveFile=" + archive)) {
                assertTrue(command.contains(option), option + " in: " + command);
            }
        }

        @Test
        void onJava25RecordsTheJdkAotCacheThenStartsWithIt() {
            Optional<Path> java25 = Jdks.atLeast(25);
            assumeTrue(java25.isPresent(), "no JDK 25 or later on this machine (set countersign.it.java25-home)");
            Path cache = archiveFolder.resolve("countersign.aot");
            String command = commandLineOnceReady(
                    PackagedApp.embedded().environment("JAVA_HOME", java25.get().toString()), cache);
            assertTrue(command.startsWith(java25.get().toString()), "runs the JDK of JAVA_HOME: " + command);
            for (String option : List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:AOTCache=" + cache)) {
                assertTrue(command.contains(option), option + " in: " + command);
            }
        }

        /**
         * Starts the package through the launcher with its start-up record at {@code record}, checks
         * that it is ready and that the training start made the record, and returns its command line.
         */
        private String commandLineOnceReady(PackagedApp.Builder launcher, Path record) {
            try (PackagedApp app = launcher.viaLauncher()
                    .environment("COUNTERSIGN_CDS_ARCHIVE", record.toString())
                    .property("countersign.demo.enabled", "false")
                    .start()) {
                given().baseUri(app.baseUri().toString())
                        .when()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(200);
                assertTrue(record.toFile().length() > 0, "the record of the training start: " + record);
                return app.commandLine();
            }
        }
    }
}
