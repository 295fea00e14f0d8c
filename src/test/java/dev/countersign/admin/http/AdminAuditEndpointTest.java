package dev.countersign.admin.http;

import static dev.countersign.testing.Problems.assertInvalidInput;
import static dev.countersign.testing.TestUsers.ADMIN_TOKEN;
import static dev.countersign.testing.TestUsers.PASSWORD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import dev.countersign.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class AdminAuditEndpointTest {
    @Inject
    TestDatabase db;

    String username;
    String sub;

    static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN_TOKEN);
    }

    @BeforeEach
    void createUserAndFailThreeSignIns() {
        username = TestUsers.uniqueUsername("trail");
        sub = TestUsers.create(username);
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("username", username, "password", "wrong password " + i))
                    .post("/api/me/session")
                    .then()
                    .statusCode(401);
        }
    }

    JsonPath events(Map<String, ?> query) {
        return admin().queryParams(query)
                .get("/admin/audit")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .extract()
                .jsonPath();
    }

    @Nested
    @DisplayName("GET /admin/audit")
    class Search {
        @Test
        void returnsTheSealedEventsInChainOrderWithTheirHashes() {
            admin().queryParam("user_sub", sub)
                    .get("/admin/audit")
                    .then()
                    .statusCode(200)
                    .body("events", hasSize(4))
                    .body("events[0].type", equalTo("user.created"))
                    .body("events[0].outcome", equalTo("success"))
                    .body("events[0].actor", equalTo("admin"))
                    .body("events[0].user_sub", equalTo(sub))
                    .body("events[0].occurred_at", notNullValue())
                    .body("events.hash", everyItem(matchesPattern("[A-Za-z0-9_-]{43}")))
                    .body("events.prev_hash", everyItem(matchesPattern("[A-Za-z0-9_-]{43}")))
                    .body("events[1].type", equalTo("user.sign_in_failed"))
                    .body("events[1].detail.reason", equalTo("wrong_password"))
                    .body("next", nullValue());
            List<Integer> seqs = events(Map.of("user_sub", sub)).getList("events.seq", Integer.class);
            assertEquals(seqs.stream().sorted().toList(), seqs);
        }

        @Test
        void filtersByTypeOutcomeAndTime() {
            assertEquals(
                    3,
                    events(Map.of("user_sub", sub, "outcome", "failure"))
                            .getList("events")
                            .size());
            assertEquals(
                    1,
                    events(Map.of("user_sub", sub, "type", "user.created"))
                            .getList("events")
                            .size());
            assertEquals(
                    0,
                    events(Map.of("user_sub", sub, "since", "2999-01-01T00:00:00Z"))
                            .getList("events")
                            .size());
            assertEquals(
                    0,
                    events(Map.of("user_sub", sub, "until", "2000-01-01T00:00:00+01:00"))
                            .getList("events")
                            .size());
            assertEquals(
                    4,
                    events(Map.of("user_sub", sub, "since", "2000-01-01T00:00:00Z", "until", "2999-01-01T00:00:00Z"))
                            .getList("events")
                            .size());
            assertEquals(
                    0,
                    events(Map.of("client_id", "no-such-client"))
                            .getList("events")
                            .size());
        }

        @Test
        void pagesWithAfterAndNext() {
            JsonPath first = events(Map.of("user_sub", sub, "limit", 3));
            assertEquals(3, first.getList("events").size());
            long next = first.getLong("next");
            assertEquals(first.getLong("events[2].seq"), next);
            JsonPath second = events(Map.of("user_sub", sub, "limit", 3, "after", next));
            assertEquals(1, second.getList("events").size());
            assertNull(second.get("next"));
            assertEquals(first.getString("events[2].hash"), second.getString("events[0].prev_hash"));
        }

        @Test
        void requiresTheAdminToken() {
            given().get("/admin/audit").then().statusCode(401);
            given().auth()
                    .oauth2("wrong-token")
                    .get("/admin/audit/verify")
                    .then()
                    .statusCode(401);
        }
    }

    @Nested
    @DisplayName("GET /admin/audit bad filters: 400 problem")
    class BadFilters {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "limit=0",
                    "limit=501",
                    "limit=ten",
                    "limit=1e2",
                    "limit=%2B5",
                    "limit=5&limit=5",
                    "limit=",
                    "after=-1",
                    "after=99999999999999999999",
                    "since=yesterday",
                    "since=2026-01-31",
                    "until=2026-13-01T00:00:00Z",
                    "since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z",
                    "type=a&type=b",
                    "type=",
                    "verbose=true"
                })
        void rejectsTheQuery(String query) {
            assertInvalidInput(admin().get("/admin/audit?" + query).then());
        }

        @Test
        void rejectsAnOverlongFilter() {
            admin().queryParam("type", "t".repeat(201))
                    .get("/admin/audit")
                    .then()
                    .statusCode(400);
        }
    }

    @Nested
    @DisplayName("Tamper evidence: GET /admin/audit/verify")
    class Verify {
        @Test
        void reportsAnIntactChain() {
            admin().get("/admin/audit/verify")
                    .then()
                    .statusCode(200)
                    .body("intact", equalTo(true))
                    .body("checked", greaterThanOrEqualTo(4))
                    .body("first_broken_seq", nullValue());
        }

        @Test
        void findsAnEventAlteredInTheDatabase() {
            long seq = events(Map.of("user_sub", sub, "type", "user.created")).getLong("events[0].seq");
            db.update("update audit_events set actor = 'someone-else' where chain_seq = ?", seq);
            try {
                admin().get("/admin/audit/verify")
                        .then()
                        .statusCode(200)
                        .body("intact", equalTo(false))
                        .body("first_broken_seq", equalTo((int) seq))
                        .body("checked", equalTo((int) seq - 1));
            } finally {
                db.update("update audit_events set actor = 'admin' where chain_seq = ?", seq);
            }
            admin().get("/admin/audit/verify").then().body("intact", equalTo(true));
        }

        @Test
        void findsAnAlteredDetailOrHash() {
            long seq = events(Map.of("user_sub", sub, "outcome", "failure")).getLong("events[0].seq");
            String detail = db.text("select detail from audit_events where chain_seq = ?", seq);
            db.update("update audit_events set detail = ? where chain_seq = ?", detail.replace("wrong", "right"), seq);
            try {
                admin().get("/admin/audit/verify").then().body("first_broken_seq", equalTo((int) seq));
            } finally {
                db.update("update audit_events set detail = ? where chain_seq = ?", detail, seq);
            }
            String hash = db.text("select hash from audit_events where chain_seq = ?", seq);
            db.update("update audit_events set hash = ? where chain_seq = ?", "A" + hash.substring(1), seq);
            try {
                admin().get("/admin/audit/verify").then().body("intact", equalTo(false));
            } finally {
                db.update("update audit_events set hash = ? where chain_seq = ?", hash, seq);
            }
            admin().get("/admin/audit/verify").then().body("intact", equalTo(true));
        }
    }

    @Nested
    @DisplayName("An event exists if and only if its change does")
    class Atomicity {
        @Test
        void aRefusedChangeRecordsNoEvent() {
            long created = db.number("select count(*) from audit_events where type = 'user.created'");
            admin().contentType(ContentType.JSON)
                    .body(Map.of("username", username, "password", PASSWORD))
                    .post("/admin/users")
                    .then()
                    .statusCode(409);
            admin().delete("/admin/users/not-a-user").then().statusCode(404);
            assertEquals(created, db.number("select count(*) from audit_events where type = 'user.created'"));
            admin().queryParam("user_sub", sub)
                    .queryParam("type", "user.deleted")
                    .get("/admin/audit")
                    .then()
                    .body("events", empty());
        }
    }
}
