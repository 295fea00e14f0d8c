package dev.countersign.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A stop lets the background jobs under way finish and starts no new one")
class ShutdownGateTest {
    static ShutdownGate started() {
        ShutdownGate gate = new ShutdownGate();
        gate.open();
        return gate;
    }

    @Test
    void letsNoJobInBeforeTheServiceHasStarted() {
        ShutdownGate gate = new ShutdownGate();
        assertThat(gate.enter()).isFalse();

        gate.open();

        assertThat(gate.enter()).isTrue();
    }

    @Test
    void closingWaitsForTheJobInsideThenLetsNoneIn() throws Exception {
        ShutdownGate gate = started();
        assertThat(gate.enter()).isTrue();

        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> gate.close(Duration.ofSeconds(30)));
        // The job is still inside: the stop waits for it.
        assertThat(closing).isNotDone();
        Thread.sleep(100);
        assertThat(closing).isNotDone();

        gate.leave();
        assertThat(closing.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.enter()).isFalse();
    }

    @Test
    void closingAnEmptyGateReturnsAtOnce() {
        ShutdownGate gate = started();
        assertThat(gate.enter()).isTrue();
        gate.leave();

        assertThat(gate.close(Duration.ZERO)).isTrue();
        assertThat(gate.enter()).isFalse();
    }

    @Test
    void aJobThatOutstaysTheWaitDoesNotHoldTheStopForever() {
        ShutdownGate gate = started();
        assertThat(gate.enter()).isTrue();

        assertThat(gate.close(Duration.ofMillis(50))).isFalse();
        assertThat(gate.enter()).isFalse();
    }
}
