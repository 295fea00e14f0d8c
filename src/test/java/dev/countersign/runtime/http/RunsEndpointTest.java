package dev.countersign.runtime.http;

import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static dev.countersign.testing.GrantCalls.auditEvents;
import static dev.countersign.testing.RuntimeFixtures.asAgent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.runtime.RunProgress;
import dev.countersign.runtime.store.RunEntity;
import dev.countersign.runtime.store.RunRepository;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.GrantCalls;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.RuntimeFixtures;
import dev.countersign.testing.TargetServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The runs API end to end with the embedded provider, over real HTTP and a real database: the user
 * approves on the approval API, the runtime is woken, polls once, and calls a loopback target
 * exactly once; and every other ending of a run.
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class RunsEndpointTest {
    @Inject
    MutableClock clock;

    @Inject
    RunRepository runs;

    @Inject
    RunProgress progress;

    TargetServer target;
    String action;
    String key;
    String agent;
    SignedInUser user;

    @BeforeEach
    void setUp() {
        clock.reset();
        target = TargetServer.start();
        action = Fixtures.uniqueName("pay");
        RuntimeFixtures.createAction(RuntimeFixtures.paymentAction(action, target.url()))
                .then()
                .statusCode(201);
        agent = Fixtures.uniqueName("agent");
        key = RuntimeFixtures.apiKey(agent);
        user = Fixtures.signedInUser();
    }

    @AfterEach
    void tearDown() {
        target.close();
    }

    Map<String, Object> run(Object... extra) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("action", action);
        body.put("user", user.username());
        body.put("params", Map.of("account", "bob", "amount", "42.00"));
        for (int i = 0; i < extra.length; i += 2) {
            body.put((String) extra[i], extra[i + 1]);
        }
        return body;
    }

    Response post(Object body) {
        return asAgent(key).contentType(ContentType.JSON).body(body).post("/v1/runs");
    }

    String start(Object body) {
        return post(body).then().statusCode(202).extract().path("id");
    }

    Response read(String id, int wait) {
        return asAgent(key).get("/v1/runs/" + id + "?wait=" + wait);
    }

    /** Reads the run, long-polling until it leaves the statuses given (bounded). */
    Response awaitStatusOtherThan(String id, String... statuses) {
        for (int i = 0; i < 10; i++) {
            Response r = read(id, 5);
            if (!List.of(statuses).contains(r.<String>path("status"))) {
                return r;
            }
        }
        throw new AssertionError("the run stayed in " + List.of(statuses));
    }

    void approve() {
        decide(user, newestPendingId(user), "approve").then().statusCode(204);
    }

    /** Runs the task on 8 threads released together; their results. */
    static <T> List<T> race(Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                racers.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : racers) {
                results.add(f.get(20, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Nested
    @DisplayName("Starting a run")
    class Starting {
        @Test
        void answers202WithTheBindingMessageAndLinks() {
            post(run())
                    .then()
                    .statusCode(202)
                    .contentType(ContentType.JSON)
                    .header("Cache-Control", containsString("no-store"))
                    .body("status", equalTo("awaiting_approval"))
                    .body("binding_message", equalTo("Pay 42.00 EUR to bob"))
                    .body("expires_at", notNullValue())
                    .body("links.self", containsString("/v1/runs/"))
                    .body("links.cancel", containsString("/cancel"));
            Fixtures.pendingOf(user)
                    .body("id", hasSize(1))
                    .body("[0].binding_message", equalTo("Pay 42.00 EUR to bob"))
                    // what the user is shown: the payment_initiation sentence, never the raw JSON
                    .body("[0].display.sentences[0]", containsString("42.00"))
                    .body("[0].display.sentences[0]", containsString("bob"));
        }

        @Test
        void anUnknownUserFailsWithTheProvidersError() {
            String id = start(run("user", "nobody-" + Fixtures.uniqueName("x")));
            read(id, 0)
                    .then()
                    .body("status", equalTo("failed"))
                    .body("reason", equalTo("provider_error:unknown_user_id"));
        }
    }

    @Nested
    @DisplayName("RFC 8693 §4.1 the delegated token's actors")
    class Actors {
        @Test
        void theTokenNamesTheRuntimeAsCurrentActorAndTheAgentAsPriorActor() throws Exception {
            String id = start(run());
            approve();
            awaitStatusOtherThan(id, "awaiting_approval", "executing").then().body("status", equalTo("succeeded"));
            String jwt = target.calls().get(0).authorization().substring("Bearer ".length());
            var claims = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
            assertEquals(user.sub(), claims.path("sub").asText());
            assertTrue(
                    claims.path("act").path("sub").asText().length() > 0, "the runtime's client is the current actor");
            assertEquals(
                    "agent:" + agent, claims.path("act").path("act").path("sub").asText());
            assertTrue(claims.path("act").path("act").path("act").isMissingNode(), "two actors, no more");
        }
    }

    @Nested
    @DisplayName("Endings of a run")
    class Endings {
        @Test
        void anApprovedRunCallsTheTargetOnceWithTheTokenAndSucceeds() {
            String id = start(run());
            approve();
            awaitStatusOtherThan(id, "awaiting_approval", "executing")
                    .then()
                    .body("status", equalTo("succeeded"))
                    .body("reason", equalTo("target_status:201"))
                    .body("result.status", equalTo(201))
                    .body("result.headers.content-type", equalTo("application/json"))
                    .body("result.headers.x-secret-internal", nullValue())
                    .body("result.body", equalTo("{\"payment\":\"done\"}"))
                    .body("token", nullValue());
            List<TargetServer.Call> calls = target.calls();
            assertEquals(1, calls.size(), "the target is called exactly once");
            assertEquals("POST", calls.get(0).method());
            assertEquals("/pay/bob", calls.get(0).rawPath());
            assertEquals(id, calls.get(0).idempotencyKey());
            assertTrue(calls.get(0).authorization().startsWith("Bearer ey"), "a JWT access token");
            assertTrue(
                    calls.get(0).body().contains("\"account\":\"bob\"")
                            && calls.get(0).body().contains("\"amount\":\"42.00\""),
                    "the params as the JSON body: " + calls.get(0).body());
        }

        @Test
        void aTargetErrorFailsTheRunWithItsStatus() {
            target.answer(503, "");
            String id = start(run());
            approve();
            awaitStatusOtherThan(id, "awaiting_approval", "executing")
                    .then()
                    .body("status", equalTo("failed"))
                    .body("reason", equalTo("target_status:503"))
                    .body("result.status", equalTo(503));
            assertEquals(1, target.calls().size());
        }

        @Test
        void aDeniedRunIsDeniedAndNeverCallsTheTarget() {
            String id = start(run());
            decide(user, newestPendingId(user), "deny").then().statusCode(204);
            awaitStatusOtherThan(id, "awaiting_approval")
                    .then()
                    .body("status", equalTo("denied"))
                    .body("reason", equalTo("user_denied"));
            assertEquals(0, target.calls().size());
        }

        @Test
        void aRunNobodyDecidesExpires() {
            String id = start(run("requested_expiry", 60));
            clock.advance(Duration.ofSeconds(61));
            awaitStatusOtherThan(id, "awaiting_approval")
                    .then()
                    .body("status", equalTo("expired"))
                    .body("reason", equalTo("approval_expired"));
            assertEquals(0, target.calls().size());
        }

        @Test
        void aCancelledRunIgnoresALaterApproval() {
            String id = start(run());
            String request = newestPendingId(user);
            asAgent(key)
                    .post("/v1/runs/" + id + "/cancel")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("cancelled"))
                    .body("reason", equalTo("cancelled_by_agent"));
            // The embedded provider withdrew the request (RunCancelEndpointTest): it cannot be approved.
            decide(user, request, "approve").then().statusCode(410);
            asAgent(key).post("/v1/runs/" + id + "/cancel").then().statusCode(409);
            read(id, 2).then().body("status", equalTo("cancelled"));
            assertEquals(0, target.calls().size());
        }

        @Test
        void tokenModeHandsTheTokenResponseOutOnceAndCallsNoTarget() {
            String id = start(run("mode", "token"));
            approve();
            Response first = awaitStatusOtherThan(id, "awaiting_approval", "executing");
            first.then()
                    .body("status", equalTo("succeeded"))
                    .body("reason", equalTo("token_issued"))
                    .body("token.access_token", notNullValue())
                    .body("token.token_type", equalTo("Bearer"));
            read(id, 0).then().body("status", equalTo("succeeded")).body("token", nullValue());
            assertEquals(0, target.calls().size());
        }

        @Test
        void serverSentEventsShowEachStateUntilTheFinalOne() throws Exception {
            String id = start(run());
            CompletableFuture<Response> events = CompletableFuture.supplyAsync(
                    () -> asAgent(key).accept("text/event-stream").get("/v1/runs/" + id + "/events"));
            Thread.sleep(200); // let the stream open before the decision
            approve();
            Response r = events.get(30, TimeUnit.SECONDS);
            r.then().statusCode(200).contentType(containsString("text/event-stream"));
            String body = r.asString();
            assertTrue(body.startsWith("data:") && body.contains("\"status\":\"awaiting_approval\""), body);
            assertTrue(body.contains("\"status\":\"succeeded\""), body);
            assertEquals(1, target.calls().size());
        }

        @Test
        void aLongPollReturnsWhenTheUserDecides() throws Exception {
            String id = start(run());
            CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> read(id, 30));
            Thread.sleep(200); // let the long-poll register before the decision
            long before = System.nanoTime();
            approve();
            Response r = waiting.get(20, TimeUnit.SECONDS);
            assertTrue(List.of("executing", "succeeded").contains(r.<String>path("status")), r.asString());
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(10), "woken by the decision");
        }
    }

    @Nested
    @DisplayName("RFC 6750 §2.1 agents' bearer credentials")
    class Credentials {
        @Test
        void anAgentMayUseItsClientCredentialsAccessToken() {
            String token = GrantCalls.clientCredentials(GrantCalls.agent(Map.of()))
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("access_token");
            String id = asAgent(token)
                    .contentType(ContentType.JSON)
                    .body(run())
                    .post("/v1/runs")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            asAgent(token).get("/v1/runs/" + id).then().statusCode(200);
            asAgent(key).get("/v1/runs/" + id).then().statusCode(404);
        }

        @Test
        void aUsersDelegatedTokenIsNotAnAgentCredential() {
            String userToken = GrantCalls.approvedTokens(Fixtures.client(), Fixtures.signedInUser(), "openid")
                    .getString("access_token");
            asAgent(userToken).get("/v1/actions").then().statusCode(401);
            asAgent(userToken + "x").get("/v1/actions").then().statusCode(401);
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §10.2 ping and §11 slow_down: a wake-up that comes too soon after a poll")
    class WokenTooSoon {
        @Test
        void theRunIsPolledAgainAfterTheGrownIntervalNotAfterTheSafetyInterval() {
            String id = start(run());
            // The safety poll, one ping-safety-interval (30 s) after the start: still pending.
            clock.advance(Duration.ofSeconds(31));
            progress.pollIfDue(id); // unless the scheduler's tick took it first
            Instant polled = clock.instant();
            awaitRun(id, r -> r.nextPollAt.isAfter(polled), "the safety poll is done");
            // One second later the user approves: the wake-up poll comes before the interval (5 s)
            // has passed, and the provider answers slow_down (the interval is now 10 s). No second
            // wake-up will come, so the run must not wait for the next safety poll.
            clock.advance(Duration.ofSeconds(1));
            approve();
            RunEntity slowed = awaitRun(id, r -> r.intervalSeconds == 10, "the provider answered slow_down");
            assertEquals(
                    RunRepository.micros(clock.instant().plusSeconds(10)),
                    slowed.nextPollAt,
                    "due after the grown interval");
            clock.advance(Duration.ofSeconds(10));
            awaitStatusOtherThan(id, "awaiting_approval", "executing").then().body("status", equalTo("succeeded"));
            assertEquals(1, target.calls().size());
        }

        /** Re-reads the run until it matches (bounded: the scheduler works on its own threads). */
        private RunEntity awaitRun(String id, Predicate<RunEntity> condition, String what) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                RunEntity run = QuarkusTransaction.requiringNew().call(() -> runs.findById(id));
                if (condition.test(run)) {
                    return run;
                }
                Thread.onSpinWait();
            }
            throw new AssertionError("not reached: " + what);
        }
    }

    @Nested
    @DisplayName("Exactly once")
    class ExactlyOnce {
        @Test
        void theSameIdempotencyKeyReturnsTheSameRunAndAsksTheUserOnce() {
            String id = asAgent(key)
                    .header("Idempotency-Key", "order-1")
                    .contentType(ContentType.JSON)
                    .body(run())
                    .post("/v1/runs")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            asAgent(key)
                    .header("Idempotency-Key", "order-1")
                    .contentType(ContentType.JSON)
                    .body(run())
                    .post("/v1/runs")
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(id));
            asAgent(key)
                    .header("Idempotency-Key", "order-1")
                    .contentType(ContentType.JSON)
                    .body(run("params", Map.of("account", "mallory", "amount", "42.00")))
                    .post("/v1/runs")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json");
            Fixtures.pendingOf(user).body("id", hasSize(1));
        }

        @Test
        void concurrentPollersExecuteTheRunOnce() throws Exception {
            String id = start(run());
            approve();
            race(() -> {
                QuarkusTransaction.requiringNew().run(() -> runs.wake(id, clock.instant()));
                progress.pollIfDue(id);
                return true;
            });
            awaitStatusOtherThan(id, "awaiting_approval", "executing").then().body("status", equalTo("succeeded"));
            assertEquals(1, target.calls().size(), "one execution");
        }

        @Test
        void ofConcurrentWakeUpsAndPollsOneRedeemsTheGrantAndExecutesTheRunOnce() throws Exception {
            String id = start(run());
            String hash = stored(id).authReqIdHash;
            approve(); // its own wake-up joins the race
            race(() -> {
                progress.wake(hash);
                progress.pollIfDue(id);
                return true;
            });
            awaitStatusOtherThan(id, "awaiting_approval", "executing").then().body("status", equalTo("succeeded"));
            assertEquals(1, target.calls().size(), "one execution");
            assertEquals(1, auditEvents("run.approved", agent).size(), "one transition to executing");
            assertEquals(1, auditEvents("run.executed", agent).size(), "one result");
        }

        @Test
        void aWakeUpOrPollAfterTheRunMovedOnChangesNothing() {
            String id = start(run());
            String hash = stored(id).authReqIdHash;
            approve();
            awaitStatusOtherThan(id, "awaiting_approval", "executing").then().body("status", equalTo("succeeded"));
            RunEntity done = stored(id);
            progress.wake(hash);
            progress.pollIfDue(id);
            RunEntity after = stored(id);
            assertEquals(
                    List.of(done.status, done.reason, String.valueOf(done.finishedAt), String.valueOf(done.leaseUntil)),
                    List.of(
                            after.status,
                            after.reason,
                            String.valueOf(after.finishedAt),
                            String.valueOf(after.leaseUntil)));
            assertNull(after.nextPollAt, "never due again");
            assertEquals(1, target.calls().size(), "one execution");
            assertEquals(1, auditEvents("run.approved", agent).size());
        }

        @Test
        void aWakeUpLosingTheClaimLeavesTheGrantToTheHolderOfThePoll() {
            String id = start(run());
            String hash = stored(id).authReqIdHash;
            Instant lease = clock.instant().plusSeconds(60);
            // Another poller holds the run's poll (its lease runs for a minute).
            QuarkusTransaction.requiringNew().run(() -> {
                runs.wake(id, clock.instant());
                assertTrue(runs.claimPoll(id, clock.instant(), lease));
            });
            approve();
            progress.wake(hash);
            RunEntity waiting = stored(id);
            assertEquals("AWAITING_APPROVAL", waiting.status);
            assertEquals(RunRepository.micros(lease), waiting.leaseUntil, "the holder's lease is untouched");
            assertEquals(0, target.calls().size());
            assertEquals(0, auditEvents("run.approved", agent).size(), "the grant was not redeemed by the loser");
            // The holder stopped without polling: once its lease runs out the run is polled, once.
            clock.advance(Duration.ofSeconds(61));
            awaitStatusOtherThan(id, "awaiting_approval", "executing").then().body("status", equalTo("succeeded"));
            assertEquals(1, target.calls().size(), "one execution");
        }

        @Test
        void aRunThatLeftAwaitingApprovalCannotBeClaimedForAPoll() {
            String id = start(run());
            Instant executionLease = clock.instant().plusSeconds(60);
            QuarkusTransaction.requiringNew().run(() -> runs.startExecuting(id, executionLease));
            boolean claimed = QuarkusTransaction.requiringNew()
                    .call(() -> runs.claimPoll(id, clock.instant().plusSeconds(3600), clock.instant()));
            assertFalse(claimed, "an executing run has no due time");
            assertEquals(RunRepository.micros(executionLease), stored(id).leaseUntil, "the execution's lease stays");
        }

        private RunEntity stored(String id) {
            return QuarkusTransaction.requiringNew().call(() -> runs.findById(id));
        }

        @Test
        void ofConcurrentTransitionsToExecutingExactlyOneWins() throws Exception {
            String id = start(run());
            List<Boolean> won = race(() -> QuarkusTransaction.requiringNew()
                    .call(() -> runs.startExecuting(id, clock.instant().plusSeconds(60))));
            assertEquals(1, won.stream().filter(w -> w).count());
        }

        @Test
        void aRunLeftExecutingByAStoppedInstanceFailsAsOutcomeUnknown() {
            String id = start(run());
            // What a crash mid-call leaves behind: EXECUTING, and a lease that has run out.
            QuarkusTransaction.requiringNew()
                    .run(() -> runs.startExecuting(id, clock.instant().minusSeconds(1)));
            awaitStatusOtherThan(id, "awaiting_approval", "executing")
                    .then()
                    .body("status", equalTo("failed"))
                    .body("reason", equalTo("outcome_unknown"));
            approve();
            read(id, 1).then().body("status", equalTo("failed"));
            assertEquals(0, target.calls().size(), "never retried blindly");
        }
    }
}
