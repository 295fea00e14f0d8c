package dev.countersign.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
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

    @Inject
    DataSource dataSource;

    private static final ObjectMapper JSON = new ObjectMapper();

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
        // The scheduled store (every 10 s) may also run during a test: the assertions hold either way.

        long onTheirOwn(String clientId) {
            return db.number(
                    "select count(*) from audit_events where client_id = ? and type = 'oauth.error'"
                            + " and detail not like '%\"repeated\"%'",
                    clientId);
        }

        long summaries(String clientId) {
            return eventsOf(clientId) - onTheirOwn(clientId);
        }

        /** The too-fast polls the summaries of this client count. */
        long counted(String clientId) {
            long sum = 0;
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement select = connection.prepareStatement(
                            "select detail from audit_events where client_id = ? and detail like '%\"repeated\"%'")) {
                select.setString(1, clientId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        sum += JSON.readTree(rows.getString(1)).get("repeated").asLong();
                    }
                }
            } catch (SQLException | JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return sum;
        }

        @Test
        void storesTheFirstTooFastPollOnItsOwnAndCountsTheRepeatsIntoSealedSummaries() throws Exception {
            String client = "agent-" + UUID.randomUUID();
            answer(client, OAuthError.SLOW_DOWN);
            assertEquals(1, eventsOf(client), "the first is stored before its answer leaves");
            for (int i = 0; i < 4; i++) {
                answer(client, OAuthError.SLOW_DOWN);
            }

            auditor.storeRepeats();

            assertEquals(1, onTheirOwn(client));
            assertEquals(4, counted(client));
            assertTrue(summaries(client) >= 1 && summaries(client) <= 2, "one summary, two if the schedule ran");
            String summary = db.text(
                    "select detail from audit_events where client_id = ? and detail like '%\"repeated\"%'"
                            + " order by occurred_at fetch first 1 rows only",
                    client);
            JsonNode detail = JSON.readTree(summary);
            assertEquals(
                    List.of("error", "error_description", "first_at", "last_at", "repeated"),
                    iterable(detail.fieldNames()));
            assertEquals("slow_down", detail.get("error").asText());
            assertTrue(
                    detail.get("error_description")
                            .asText()
                            .matches("\\d more token requests polled before the interval passed, from \\S+ to \\S+"),
                    summary);
            Instant first = Instant.parse(detail.get("first_at").asText());
            assertFalse(Instant.parse(detail.get("last_at").asText()).isBefore(first), summary);
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
            auditor.storeRepeats();
            assertEquals(1, onTheirOwn(one));
            assertEquals(1, counted(one));
            assertEquals(1, onTheirOwn(other));
            assertEquals(0, summaries(other));
        }
    }

    private static <T> List<T> iterable(Iterator<T> items) {
        List<T> all = new ArrayList<>();
        items.forEachRemaining(all::add);
        return all;
    }
}
