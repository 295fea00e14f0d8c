package dev.countersign;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.testing.PackagedApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * The packaged application on its embedded defaults (README quick start): it starts from an empty
 * folder, keeps its H2 database and master key in {@code ./data}, prints a generated admin token once,
 * and starts again on the same data.
 */
class EmbeddedStartIT {
    private static final Pattern ADMIN_TOKEN = Pattern.compile("Admin token \\(shown once[^\\n]*\\n\\s+(\\S+)");

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
        @Order(3)
        void printsAGeneratedAdminTokenOnce() {
            Matcher token = ADMIN_TOKEN.matcher(app.output());
            assertTrue(token.find(), "first start prints the admin token:\n" + app.output());
            assertEquals(43, token.group(1).length(), "256 random bits, base64url");
        }

        @Test
        @Order(4)
        void restartsOnTheSameDataWithoutPrintingTheTokenAgain() throws IOException {
            String masterKey = Files.readString(app.workDir().resolve("data/master.key"));
            app.stop();
            app.restart();
            assertFalse(ADMIN_TOKEN.matcher(app.output()).find(), "the token is printed only on first start");
            assertEquals(masterKey, Files.readString(app.workDir().resolve("data/master.key")));
            given().baseUri(app.baseUri().toString())
                    .when()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200);
        }
    }
}
