package dev.countersign;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.countersign.testing.CibaCalls;
import dev.countersign.testing.ClientJwts;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.PackagedApp;
import dev.countersign.testing.PackagedAppFixtures;
import dev.countersign.testing.PostgresServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Several instances on one PostgreSQL database, as docs/deployment/several-instances.md describes:
 * a request started on one instance is decided through the other, concurrent polls spread over both
 * instances yield exactly one token response, and both instances seal one unbroken audit chain.
 */
@DisabledIfSystemProperty(named = "countersign.postgresql.skip", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Two instances sharing one PostgreSQL database")
class TwoInstancesIT {
    private static final String MASTER_KEY = "Y291bnRlcnNpZ24taXQtbWFzdGVyLWtleS0zMmJ5dGU=";
    private static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdefghij";
    /** The address clients reach the installation at: every instance behind it has this issuer. */
    private static final String SHARED_ISSUER = "http://localhost:8080";

    private static final String PASSWORD = "correct horse battery staple";
    private static final int POLLS = 50;

    private PostgresServer database;
    private PackagedApp first;
    private PackagedApp second;
    private String clientId;
    private String clientSecret;
    private String cookie;
    private String csrf;

    @BeforeAll
    void start() {
        database = PostgresServer.start();
        first = instance().start();
        second = instance().start();
        Fixtures.RegisteredClient client = PackagedAppFixtures.registerAgent(
                first, ADMIN_TOKEN, Map.of("client_name", "Shared agent", "scope", "openid"));
        clientId = client.clientId();
        clientSecret = client.clientSecret();
        PackagedAppFixtures.registerUser(second, ADMIN_TOKEN, "shared", PASSWORD);
        PackagedAppFixtures.Session session = PackagedAppFixtures.signIn(second, "shared", PASSWORD);
        cookie = session.cookie();
        csrf = session.csrfToken();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {first, second, database}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    private PackagedApp.Builder instance() {
        return PackagedApp.postgresql(database)
                .environment("COUNTERSIGN_MASTER_KEY", MASTER_KEY)
                .environment("COUNTERSIGN_ADMIN_TOKEN", ADMIN_TOKEN)
                // Instances of one installation share the issuer (the load balancer's address).
                .property("countersign.issuer", SHARED_ISSUER)
                .property("countersign.demo.enabled", "false");
    }

    private static RequestSpecification admin(PackagedApp app) {
        return given().baseUri(app.baseUri().toString())
                .auth()
                .oauth2(ADMIN_TOKEN)
                .contentType(ContentType.JSON);
    }

    @Test
    void concurrentPollsOnBothInstancesYieldExactlyOneTokenResponse() throws Exception {
        String authReqId = given().baseUri(first.baseUri().toString())
                .auth()
                .preemptive()
                .basic(clientId, clientSecret)
                .contentType(CibaCalls.FORM)
                .body(CibaCalls.form("scope", "openid", "login_hint", "shared", "binding_message", "race"))
                .post("/bc-authorize")
                .then()
                .statusCode(200)
                .extract()
                .path("auth_req_id");
        String id = given().baseUri(second.baseUri().toString())
                .cookie("countersign_session", cookie)
                .get("/api/me/requests?status=pending")
                .then()
                .statusCode(200)
                .extract()
                .path("find { it.binding_message == 'race' }.id");
        given().baseUri(second.baseUri().toString())
                .cookie("countersign_session", cookie)
                .header("X-CSRF-Token", csrf)
                .post("/api/me/requests/" + id + "/approve")
                .then()
                .statusCode(204);

        List<Response> answers = pollConcurrently(authReqId);

        assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        assertThat(answers)
                .filteredOn(r -> r.statusCode() != 200)
                .allSatisfy(r -> assertThat(r.<String>path("error")).isIn("slow_down", "invalid_grant"));
    }

    /**
     * OIDC Core §9 jti: "These tokens MUST only be used once": one private_key_jwt assertion sent to
     * both instances at once authenticates exactly one request; the shared database's unique key
     * refuses every replay, whichever instance it reaches.
     */
    @Test
    void oneClientAssertionSentToBothInstancesAuthenticatesExactlyOnce() throws Exception {
        ECKey key = ClientJwts.ecKey("shared-1");
        Response client = admin(first)
                .body(Map.of(
                        "client_name", "Keyed shared agent",
                        "scope", "openid",
                        "token_endpoint_auth_method", "private_key_jwt",
                        "jwks", new JWKSet(key.toPublicJWK()).toJSONObject(true)))
                .post("/admin/clients");
        client.then().statusCode(201);
        // Both instances share the issuer, so one audience fits both.
        String assertion = ClientJwts.sign(
                key,
                JWSAlgorithm.ES256,
                ClientJwts.assertion(client.path("client_id"), SHARED_ISSUER, Instant.now())
                        .build());
        String body = CibaCalls.form(
                "scope",
                "openid",
                "login_hint",
                "shared",
                "client_assertion_type",
                ClientJwts.JWT_BEARER,
                "client_assertion",
                assertion);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                PackagedApp target = i % 2 == 0 ? first : second;
                futures.add(pool.submit(() -> {
                    go.await();
                    return given().baseUri(target.baseUri().toString())
                            .contentType(CibaCalls.FORM)
                            .body(body)
                            .post("/bc-authorize");
                }));
            }
            go.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            assertThat(answers).filteredOn(r -> r.statusCode() == 200).hasSize(1);
            assertThat(answers)
                    .filteredOn(r -> r.statusCode() != 200)
                    .allSatisfy(r -> assertThat(r.<String>path("error")).isEqualTo("invalid_client"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void bothInstancesSealOneUnbrokenAuditChain() {
        for (PackagedApp app : List.of(first, second)) {
            admin(app).get("/admin/audit/verify").then().statusCode(200).body("intact", equalTo(true));
        }
    }

    private List<Response> pollConcurrently(String authReqId) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(POLLS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < POLLS; i++) {
                PackagedApp target = i % 2 == 0 ? first : second;
                futures.add(pool.submit(() -> {
                    go.await();
                    return given().baseUri(target.baseUri().toString())
                            .auth()
                            .preemptive()
                            .basic(clientId, clientSecret)
                            .contentType(CibaCalls.FORM)
                            .body(CibaCalls.form("grant_type", CibaCalls.CIBA_GRANT, "auth_req_id", authReqId))
                            .post("/token");
                }));
            }
            go.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
