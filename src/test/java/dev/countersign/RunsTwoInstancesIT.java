package dev.countersign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testing.CountingTarget;
import dev.countersign.testing.PackagedApp;
import dev.countersign.testing.PostgresServer;
import dev.countersign.testing.Resources;
import dev.countersign.testing.RuntimeCalls;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
 * The agent runtime on two instances sharing one PostgreSQL database (one master key, as
 * docs/deployment/several-instances.md describes): runs started alternately on both, approved all at
 * once, some through each instance, and long-polled on both instances at the same time, while both
 * schedulers poll every waiting run each second, each call their target exactly once: the target sees every run id as {@code Idempotency-Key} once, and no
 * other call.
 */
@DisabledIfSystemProperty(named = "countersign.postgresql.skip", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Runs on two instances sharing one PostgreSQL database")
class RunsTwoInstancesIT {
    private static final String MASTER_KEY = "Y291bnRlcnNpZ24taXQtbWFzdGVyLWtleS0zMmJ5dGU=";
    private static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdefghij";
    private static final String USER = "shared";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String ACTION = "pay";
    private static final String AMOUNT = "2.00";
    private static final int RUNS = 20;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private PostgresServer database;
    private CountingTarget target;
    private PackagedApp first;
    private PackagedApp second;
    private List<RuntimeCalls> instances;
    private List<RuntimeCalls.UserSession> sessions;
    private String apiKey;

    @BeforeAll
    void start() {
        database = PostgresServer.start();
        target = CountingTarget.start();
        first = instance().start();
        second = instance().start();
        instances = List.of(
                new RuntimeCalls(first.baseUri(), ADMIN_TOKEN), new RuntimeCalls(second.baseUri(), ADMIN_TOKEN));
        // What one instance stores, the other uses: the user, the action and the API key.
        instances.get(0).createUser(USER, PASSWORD);
        instances.get(1).createAction(RuntimeCalls.paymentAction(ACTION, target.url(), 10));
        apiKey = instances.get(0).apiKey("shared-agent");
        sessions = instances.stream().map(i -> i.signIn(USER, PASSWORD)).toList();
    }

    @AfterAll
    void stop() {
        Resources.closeAll(first, second, target, database);
    }

    private PackagedApp.Builder instance() {
        return PackagedApp.postgresql(database)
                .environment("COUNTERSIGN_MASTER_KEY", MASTER_KEY)
                .environment("COUNTERSIGN_ADMIN_TOKEN", ADMIN_TOKEN)
                // Instances of one installation share the issuer (the load balancer's address).
                .property("countersign.issuer", "http://localhost:8080")
                .property("countersign.demo.enabled", "false")
                .property("countersign.runtime.allowed-target-hosts", "localhost")
                .property("countersign.outbound.allowed-private-hosts", "localhost")
                // Both schedulers also poll every waiting run each second, so polls of either
                // instance race the wake-up of the instance the user approves on.
                .property("countersign.runtime.ping-safety-interval", "PT1S")
                .property("countersign.runtime.poll-jitter", "PT0S")
                // One user is asked RUNS times within a minute (ADR 0005 limits).
                .property("countersign.ciba.limits.per-user", "1000")
                .property("countersign.ciba.limits.per-client", "1000");
    }

    @Test
    void everyRunExecutesExactlyOnceWhicheverInstanceStartsApprovesOrWatchesIt() throws Exception {
        Map<String, String> accounts = new LinkedHashMap<>();
        for (int i = 0; i < RUNS; i++) {
            String account = "acct-" + i;
            accounts.put(instances.get(i % 2).startPayment(apiKey, ACTION, USER, account, AMOUNT), account);
        }

        ExecutorService pool = Executors.newFixedThreadPool(3 * RUNS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> watches = new ArrayList<>();
            List<Future<Boolean>> approvals = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, String> run : accounts.entrySet()) {
                for (RuntimeCalls watcher : instances) {
                    watches.add(pool.submit(after(go, () -> watcher.awaitFinal(apiKey, run.getKey(), PATIENCE))));
                }
                // Runs 0, 1 are approved on the first instance, 2, 3 on the second, …: every pair of
                // starting and approving instance occurs.
                int approver = (i++ / 2) % 2;
                approvals.add(pool.submit(after(go, () -> {
                    instances
                            .get(approver)
                            .approve(sessions.get(approver), RuntimeCalls.bindingMessage(run.getValue(), AMOUNT));
                    return true;
                })));
            }
            go.countDown();
            for (Future<Boolean> approval : approvals) {
                approval.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            for (Future<Response> watch : watches) {
                Response view = watch.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertThat(view.<String>path("status")).as(view.asString()).isEqualTo("succeeded");
                assertThat(view.<Integer>path("result.status")).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Integer> once = new LinkedHashMap<>();
        accounts.keySet().forEach(id -> once.put(id, 1));
        assertThat(target.callsByKey()).as("each run id once, nothing else").isEqualTo(once);
        assertThat(target.totalCalls()).isEqualTo(RUNS);
    }

    /** The task, started when the gate opens, so that all of them run at once. */
    private static <T> Callable<T> after(CountDownLatch go, Callable<T> task) {
        return () -> {
            go.await();
            return task.call();
        };
    }
}
