package dev.countersign.runtime.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.countersign.testing.RuntimeFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code countersign.runtime.enabled=false} turns the agent API off: every /v1 path is a 404 problem. */
@QuarkusTest
@TestProfile(RuntimeDisabledEndpointTest.Disabled.class)
class RuntimeDisabledEndpointTest {
    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("countersign.runtime.enabled", "false");
        }
    }

    @Test
    void answersNotFoundOnEveryAgentPathEvenWithAValidKey() {
        String key = RuntimeFixtures.apiKey("agent-of-a-disabled-runtime");
        for (String path : new String[] {"/v1/actions", "/v1/runs/x"}) {
            RuntimeFixtures.asAgent(key)
                    .get(path)
                    .then()
                    .statusCode(404)
                    .contentType(equalTo("application/problem+json"));
        }
        given().auth()
                .oauth2(key)
                .contentType(ContentType.JSON)
                .body("{\"action\":\"echo\",\"user\":\"u\",\"params\":{\"id\":\"1\"}}")
                .post("/v1/runs")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2("any-client-notification-token")
                .contentType(ContentType.JSON)
                .body("{\"auth_req_id\":\"x\"}")
                .post("/v1/ciba/ping")
                .then()
                .statusCode(404)
                .contentType(equalTo("application/problem+json"));
    }
}
