package dev.countersign.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.provider.EchoGrantHandler;
import dev.countersign.provider.TestClients;
import dev.countersign.testing.DpopClient;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The single use of a DPoP proof rests on the database's unique key, so it holds for concurrent
 * requests and for several instances sharing one database (this class reruns on PostgreSQL).
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class DpopReplayEndpointTest {
    private static final int REQUESTS = 8;

    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    @Inject
    MutableClock clock;

    @Inject
    TestDatabase db;

    int token(TestClients.Registered client, String proof) {
        return client.tokenRequest()
                .header("DPoP", proof)
                .body("grant_type=" + EchoGrantHandler.GRANT_TYPE + "&sub=alice")
                .post("/token")
                .statusCode();
    }

    @Nested
    @DisplayName("RFC 9449 §11.1 DPoP Proof Replay")
    class Replay {
        @Test
        void acceptsOneProofExactlyOnceUnderConcurrentRequests() throws Exception {
            TestClients.Registered client = TestClients.echoClient();
            String proof = DpopClient.es256()
                    .proof("POST", issuer + "/token", clock.instant())
                    .sign();
            ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return token(client, proof);
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> answer : answers) {
                    statuses.add(answer.get(60, TimeUnit.SECONDS));
                }
                assertThat(statuses).containsOnly(200, 400);
                assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void forgetsAProofOnlyAfterItCouldNoLongerBeAcceptedAnyway() {
            TestClients.Registered client = TestClients.echoClient();
            String proof = DpopClient.es256()
                    .proof("POST", issuer + "/token", clock.instant())
                    .sign();
            assertThat(token(client, proof)).isEqualTo(200);
            clock.advance(Duration.ofSeconds(66));
            db.update("delete from dpop_proofs where expires_at < ?", java.sql.Timestamp.from(clock.instant()));
            // Forgotten, and still refused: its iat is now outside the window.
            assertThat(token(client, proof)).isEqualTo(400);
        }
    }
}
