package dev.countersign.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.common.CallerContext;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthErrorAnswered;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class OAuthErrorAuditorTest {
    @Inject
    Event<OAuthErrorAnswered> answered;

    @Inject
    CallerContext caller;

    @Inject
    TestDatabase db;

    @Inject
    AuditChainVerifier verifier;

    @Inject
    OAuthErrorAuditor auditor;

    void answer(String clientId, OAuthError error) {
        answer(clientId, error, error.status());
    }

    /** Fires the event inside a request, as the error mapper does, with the client known or not. */
    void answer(String clientId, OAuthError error, int status) {
        ManagedContext request = Arc.container().requestContext();
        request.activate();
        try {
            if (clientId != null) {
                caller.clientAuthenticated(clientId);
            }
            answered.fire(new OAuthErrorAnswered(error, "the auth_req_id is unknown", status));
        } finally {
            request.terminate();
        }
    }

    long eventsOf(String clientId) {
        return db.number("select count(*) from audit_events where client_id = ? and type = 'oauth.error'", clientId);
    }

    @Nested
    @DisplayName("Every error after client authentication is an audit event")
    class Errors {
        @Test
        void recordsTheErrorCodeAndDescriptionForTheAuthenticatedClient() {
            String client = "agent-" + UUID.randomUUID();
            answer(client, OAuthError.INVALID_GRANT);
            assertEquals(1, eventsOf(client));
            assertEquals(
                    "{\"error\":\"invalid_grant\",\"error_description\":\"the auth_req_id is unknown\"}",
                    db.text("select detail from audit_events where client_id = ?", client));
            assertEquals("error", db.text("select outcome from audit_events where client_id = ?", client));
            assertEquals("client:" + client, db.text("select actor from audit_events where client_id = ?", client));
        }

        @Test
        void storesTheEventAlreadySealedIntoAnIntactChain() {
            String client = "agent-" + UUID.randomUUID();
            answer(client, OAuthError.SLOW_DOWN);
            assertEquals(
                    0,
                    db.number("select count(*) from audit_events where client_id = ? and chain_seq is null", client));
            ChainVerification verification = verifier.verify();
            assertTrue(verification.intact(), verification.toString());
        }

        @Test
        void skipsAuthorizationPendingTheNormalAnswerToAPoll() {
            String client = "agent-" + UUID.randomUUID();
            answer(client, OAuthError.AUTHORIZATION_PENDING);
            assertEquals(0, eventsOf(client));
        }

        @Test
        void storesEachOfManySimultaneousErrorsOnceBeforeItsAnswerLeaves() throws Exception {
            String client = "agent-" + UUID.randomUUID();
            int answers = 64;
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Long>> seen = new ArrayList<>();
                for (int i = 0; i < answers; i++) {
                    seen.add(pool.submit(() -> {
                        go.await();
                        answer(client, OAuthError.INVALID_GRANT);
                        // When the answer leaves, its own event is committed.
                        return eventsOf(client);
                    }));
                }
                go.countDown();
                for (Future<Long> s : seen) {
                    assertTrue(s.get() >= 1);
                }
                assertEquals(answers, eventsOf(client));
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void skipsErrorsBeforeClientAuthentication() {
            long before = db.number("select count(*) from audit_events where type = 'oauth.error'");
            answer(null, OAuthError.INVALID_CLIENT);
            assertEquals(before, db.number("select count(*) from audit_events where type = 'oauth.error'"));
        }
    }

    @Nested
    @DisplayName("ADR 0007: a client polling too fast is counted, not replayed")
    class RepeatedSlowDowns {
        @Test
        void storesTheFirstTooFastPollOnItsOwnAndCountsTheRepeatsIntoOneSealedSummary() {
            String client = "agent-" + UUID.randomUUID();
            answer(client, OAuthError.SLOW_DOWN);
            assertEquals(1, eventsOf(client));
            for (int i = 0; i < 4; i++) {
                answer(client, OAuthError.SLOW_DOWN);
            }
            assertEquals(1, eventsOf(client), "the repeats are counted until the counts are stored");

            assertTrue(auditor.storeRepeats() >= 1);

            assertEquals(2, eventsOf(client));
            String summary =
                    db.text("select detail from audit_events where client_id = ? and detail like '%repeated%'", client);
            assertTrue(
                    summary.startsWith("{\"error\":\"slow_down\",\"error_description\":\"4 more token requests"),
                    summary);
            assertTrue(summary.contains("\"repeated\":\"4\""), summary);
            assertEquals(
                    0,
                    db.number("select count(*) from audit_events where client_id = ? and chain_seq is null", client));
            ChainVerification verification = verifier.verify();
            assertTrue(verification.intact(), verification.toString());
        }

        @Test
        void storesNoSummaryWhenNothingWasRepeated() {
            String client = "agent-" + UUID.randomUUID();
            answer(client, OAuthError.SLOW_DOWN);
            auditor.storeRepeats();
            assertEquals(1, eventsOf(client));
        }

        @Test
        void storesEveryRefusedPromptOnItsOwn() {
            String client = "agent-" + UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                answer(client, OAuthError.SLOW_DOWN, 429);
            }
            assertEquals(3, eventsOf(client));
        }

        @Test
        void countsEachClientApart() {
            String one = "agent-" + UUID.randomUUID();
            String other = "agent-" + UUID.randomUUID();
            answer(one, OAuthError.SLOW_DOWN);
            answer(one, OAuthError.SLOW_DOWN);
            answer(other, OAuthError.SLOW_DOWN);
            assertEquals(1, eventsOf(one));
            assertEquals(1, eventsOf(other));
            auditor.storeRepeats();
            assertEquals(2, eventsOf(one));
            assertEquals(1, eventsOf(other));
        }
    }
}
