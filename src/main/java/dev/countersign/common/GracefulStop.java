package dev.countersign.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops a worker pool with the application: no new work, the work already handed to it finishes
 * (bounded), then whatever still runs is interrupted. The application is only stopped once its
 * workers are, so none of them touches the database, the beans or the next application started in
 * the same JVM (as tests do). Work that is cut off is durable and claimed again after its lease.
 */
public final class GracefulStop {
    private static final long DRAIN_SECONDS = 10;

    private GracefulStop() {}

    public static void drain(ExecutorService pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
