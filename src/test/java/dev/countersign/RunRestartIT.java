package dev.countersign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.countersign.testing.CountingTarget;
import dev.countersign.testing.PackagedApp;
import dev.countersign.testing.Resources;
import dev.countersign.testing.RuntimeCalls;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs survive restarts of the packaged application on its embedded H2 file database: a run that
 * awaits approval when the service is stopped (SIGTERM) or killed (SIGKILL) is approved after the
 * restart and calls its target exactly once; a call in flight at a graceful stop is awaited and its
 * answer recorded; a run whose call to the target was in flight when the service was killed ends
 * {@code failed}/{@code outcome_unknown} after the restart and is never called again. One service
 * (and its data folder) serves the four scenarios in turn.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Runs across restarts of the service (embedded H2)")
class RunRestartIT {
    private static final String MASTER_KEY = "Y291bnRlcnNpZ24taXQtbWFzdGVyLWtleS0zMmJ5dGU=";
    private static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdefghij";
    private static final String USER = "restart";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String ACTION = "pay";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private CountingTarget target;
    private PackagedApp app;
    private RuntimeCalls calls;
    private String apiKey;

    @BeforeAll
    void start() {
        target = CountingTarget.start();
        app = PackagedApp.embedded()
                .environment("COUNTERSIGN_MASTER_KEY", MASTER_KEY)
                .environment("COUNTERSIGN_ADMIN_TOKEN", ADMIN_TOKEN)
                .property("countersign.demo.enabled", "false")
                .property("countersign.runtime.allowed-target-hosts", "localhost")
                .property("countersign.outbound.allowed-private-hosts", "localhost")
                // A run left executing is failed as outcome_unknown one second after the action's
                // timeout, instead of the default 30 s, so the killed-mid-call scenario stays short.
                .property("countersign.runtime.execution-margin", "PT1S")
                .start();
        calls = new RuntimeCalls(app.baseUri(), ADMIN_TOKEN);
        calls.createUser(USER, PASSWORD);
        calls.createAction(RuntimeCalls.paymentAction(ACTION, target.url(), 5));
        apiKey = calls.apiKey("restart-agent");
    }

    @BeforeEach
    void running() {
        if (!app.isRunning()) {
            app.restart();
        }
    }

    @AfterAll
    void stop() {
        Resources.closeAll(app, target);
    }

    @Test
    @Order(1)
    void aRunAwaitingApprovalAcrossAGracefulStopExecutesOnceAfterTheRestart() {
        awaitingApprovalAcrossARestart("sigterm", app::stop);
    }

    @Test
    @Order(2)
    void aRunAwaitingApprovalAcrossAKillExecutesOnceAfterTheRestart() {
        awaitingApprovalAcrossARestart("sigkill", app::kill);
    }

    @Test
    @Order(3)
    void aCallInFlightAtAGracefulStopIsAwaitedAndItsAnswerRecorded() throws Exception {
        int before = target.totalCalls();
        String run;
        CompletableFuture<Void> stopped;
        try {
            run = approvedWithItsCallHeld("draining");
            stopped = CompletableFuture.runAsync(app::stop);
            awaitOutput("run step(s) under way");
        } finally {
            target.release();
        }
        stopped.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        app.restart();

        Response view = calls.awaitFinal(apiKey, run, PATIENCE);
        assertThat(view.<String>path("status")).as(view.asString()).isEqualTo("succeeded");
        assertThat(view.<Integer>path("result.status")).isEqualTo(201);
        assertThat(target.calls(run)).isEqualTo(1);
        assertThat(target.totalCalls() - before).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aRunKilledDuringItsCallFailsAsOutcomeUnknownAndIsNeverCalledAgain() throws Exception {
        int before = target.totalCalls();
        String run;
        try {
            run = approvedWithItsCallHeld("in-flight");
            app.kill();
        } finally {
            target.release();
        }
        app.restart();

        // The final status is the recovery point: the run's execution lease lapsed and an instance
        // marked it; no step after that calls a target.
        Response view = calls.awaitFinal(apiKey, run, PATIENCE);
        view.then().statusCode(200);
        assertThat(view.<String>path("status")).isEqualTo("failed");
        assertThat(view.<String>path("reason")).isEqualTo("outcome_unknown");
        assertThat(view.<Object>path("result"))
                .as("no target answer was recorded")
                .isNull();
        // One more long-poll spans further scheduler ticks: still one call, still failed.
        calls.awaitFinal(apiKey, run, PATIENCE).then().body("status", equalTo("failed"));
        assertThat(target.calls(run)).as("called once, never retried").isEqualTo(1);
        assertThat(target.totalCalls() - before).isEqualTo(1);
    }

    /**
     * Starts a run, holds the target's calls, approves the run and returns once the target has
     * received its call; the caller releases the target.
     */
    private String approvedWithItsCallHeld(String account) throws InterruptedException {
        String run = calls.startPayment(apiKey, ACTION, USER, account, "2.00");
        target.hold();
        calls.approve(calls.signIn(USER, PASSWORD), RuntimeCalls.bindingMessage(account, "2.00"));
        assertThat(target.awaitCalls(1, PATIENCE))
                .as("the target receives the call")
                .isTrue();
        return run;
    }

    /** Waits (bounded) until the service has printed this, e.g. that it received SIGTERM. */
    private void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!app.output().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service never printed \"" + text + "\":\n" + app.output());
            }
            Thread.sleep(50);
        }
    }

    private void awaitingApprovalAcrossARestart(String account, Runnable halt) {
        int before = target.totalCalls();
        String run = calls.startPayment(apiKey, ACTION, USER, account, "1.00");

        halt.run();
        app.restart();
        calls.approve(calls.signIn(USER, PASSWORD), RuntimeCalls.bindingMessage(account, "1.00"));

        Response view = calls.awaitFinal(apiKey, run, PATIENCE);
        assertThat(view.<String>path("status")).as(view.asString()).isEqualTo("succeeded");
        assertThat(view.<Integer>path("result.status")).isEqualTo(201);
        assertThat(target.calls(run))
                .as("the target saw the run's Idempotency-Key once")
                .isEqualTo(1);
        assertThat(target.totalCalls() - before).isEqualTo(1);
    }
}
