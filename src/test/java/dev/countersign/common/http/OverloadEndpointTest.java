package dev.countersign.common.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.countersign.testing.TestUsers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** An exhausted connection pool is "busy, retry", never an unexpected 500 (RFC 9110 §15.6.4). */
@QuarkusTest
@TestProfile(OverloadEndpointTest.TinyPool.class)
class OverloadEndpointTest {
    /** A pool of two connections that gives up waiting for one after 2 s (start-up needs a margin). */
    public static class TinyPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.jdbc.max-size", "2",
                    "quarkus.datasource.jdbc.acquisition-timeout", "PT2S");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    final List<Connection> held = new ArrayList<>();

    @BeforeEach
    void takeEveryConnection() throws Exception {
        held.add(dataSource.getConnection());
        held.add(dataSource.getConnection());
    }

    @AfterEach
    void giveThemBack() throws Exception {
        for (Connection c : held) {
            c.close();
        }
        held.clear();
    }

    @Nested
    @DisplayName("RFC 9110 §15.6.4 503 Service Unavailable with Retry-After")
    class PoolExhausted {
        @Test
        void aProtocolEndpointAnswersTemporarilyUnavailable() {
            given().contentType("application/x-www-form-urlencoded")
                    .auth()
                    .preemptive()
                    .basic("someone", "secret")
                    .formParam("scope", "openid")
                    .formParam("login_hint", "alice")
                    .post("/bc-authorize")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "1")
                    .header("Cache-Control", "no-store")
                    .contentType(equalTo("application/json"))
                    .body("error", equalTo("temporarily_unavailable"));
        }

        @Test
        void aProductApiAnswersAnUnavailableProblem() {
            given().auth()
                    .oauth2(TestUsers.ADMIN_TOKEN)
                    .get("/admin/audit")
                    .then()
                    .statusCode(503)
                    .header("Retry-After", "1")
                    .contentType(equalTo("application/problem+json"))
                    .body("type", equalTo("/problems/unavailable"))
                    .body("status", equalTo(503));
        }
    }
}
