package dev.countersign.runtime.http;

import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.RuntimeFixtures.asAgent;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.RuntimeFixtures;
import dev.countersign.testing.TargetServer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/runs/{id}/cancel} with the embedded provider: the request leaves the user's
 * phone at once. (CIBA Core 1.0 gives a client no way to withdraw a request; the embedded provider
 * does it in-process for its own runtime.)
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class RunCancelEndpointTest {
    TargetServer target;
    String key;
    String action;
    SignedInUser user;

    @BeforeEach
    void setUp() {
        target = TargetServer.start();
        action = Fixtures.uniqueName("pay");
        RuntimeFixtures.createAction(RuntimeFixtures.paymentAction(action, target.url()))
                .then()
                .statusCode(201);
        key = RuntimeFixtures.apiKey(Fixtures.uniqueName("agent"));
        user = Fixtures.signedInUser();
    }

    @AfterEach
    void tearDown() {
        target.close();
    }

    String startRun() {
        return RuntimeFixtures.startPaymentRun(key, action, user.username());
    }

    @Nested
    @DisplayName("Cancelling a run withdraws its request from the embedded provider")
    class Withdrawal {
        @Test
        void theCancelledRunsRequestLeavesTheUsersInboxAndCannotBeApproved() {
            String run = startRun();
            String request = newestPendingId(user);
            asAgent(key)
                    .post("/v1/runs/" + run + "/cancel")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("cancelled"));
            Fixtures.pendingOf(user).body("id", hasSize(0));
            decide(user, request, "approve").then().statusCode(410);
            asAgent(key).get("/v1/runs/" + run).then().body("status", equalTo("cancelled"));
            assertEquals(0, target.calls().size());
        }

        @Test
        void theSameRunAskedAgainReachesTheUserAgain() {
            String first = startRun();
            asAgent(key).post("/v1/runs/" + first + "/cancel").then().statusCode(200);
            // An identical pending request would have been collapsed into the withdrawn one (ADR 0005).
            startRun();
            Fixtures.pendingOf(user).body("id", hasSize(1));
            decide(user, newestPendingId(user), "approve").then().statusCode(204);
        }
    }
}
