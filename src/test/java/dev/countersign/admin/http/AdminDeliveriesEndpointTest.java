package dev.countersign.admin.http;

import static dev.countersign.testing.Problems.assertInvalidInput;
import static dev.countersign.testing.TestUsers.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@DisplayName("GET /admin/deliveries query: status and limit, each at most once")
class AdminDeliveriesEndpointTest {
    @ParameterizedTest
    @ValueSource(
            strings = {"", "?status=failed", "?status=pending&limit=1", "?status=delivered&limit=500", "?limit=007"})
    void answersAPageForAGoodQuery(String query) {
        given().auth()
                .oauth2(ADMIN_TOKEN)
                .get("/admin/deliveries" + query)
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .body("deliveries", notNullValue());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "?limit=0",
                "?limit=501",
                "?limit=-1",
                "?limit=%2B5",
                "?limit=5.0",
                "?limit=1e3",
                "?limit=abc",
                "?limit=",
                "?limit=99999999999",
                "?limit=5&limit=5",
                "?status=everything",
                "?status=failed&status=failed",
                "?verbose=true"
            })
    void refusesAnyOtherQueryWithAProblem(String query) {
        assertInvalidInput(given().auth()
                .oauth2(ADMIN_TOKEN)
                .get("/admin/deliveries" + query)
                .then());
    }

    @Test
    void namesTheLimitsBoundsWhenItRefusesOne() {
        given().auth()
                .oauth2(ADMIN_TOKEN)
                .get("/admin/deliveries?limit=501")
                .then()
                .statusCode(400)
                .body("detail", equalTo("limit must be a whole number from 1 to 500, given once"));
    }
}
