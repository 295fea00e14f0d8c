package dev.countersign;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BootEndpointTest {
    @Test
    void startsAndReportsReady() {
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
