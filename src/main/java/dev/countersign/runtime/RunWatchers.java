package dev.countersign.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-polls waiting on this instance, by run: a waiter is a future, not a thread. A change made
 * on this instance completes the run's waiters at once ({@link #changed}); every scheduler tick
 * completes all of them ({@link #tick}), so that a change made by another instance is seen within a
 * tick. A completed waiter re-reads the run and waits again if nothing changed. The number of
 * waiters is bounded ({@code countersign.runtime.max-waiters}).
 */
@ApplicationScoped
public class RunWatchers {
    private final ConcurrentMap<String, CompletableFuture<Void>> byRun = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final int max;

    public RunWatchers(RuntimeConfig config) {
        this.max = config.maxWaiters();
    }

    /**
     * A stage completed at the run's next change or tick; empty when too many already wait. The
     * caller may cancel the stage it received without disturbing other waiters.
     */
    public Optional<CompletionStage<Boolean>> watch(String runId) {
        if (waiting.incrementAndGet() > max) {
            waiting.decrementAndGet();
            return Optional.empty();
        }
        CompletableFuture<Void> future = byRun.computeIfAbsent(runId, id -> new CompletableFuture<>());
        future.thenRun(waiting::decrementAndGet);
        return Optional.of(future.thenApply(v -> true));
    }

    /** The run changed (its transaction committed): its waiters look again. */
    public void changed(String runId) {
        CompletableFuture<Void> future = byRun.remove(runId);
        if (future != null) {
            future.complete(null);
        }
    }

    /** Every waiter looks again (changes made by other instances). */
    public void tick() {
        byRun.keySet().forEach(this::changed);
    }
}
