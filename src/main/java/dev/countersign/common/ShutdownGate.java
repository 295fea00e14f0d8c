package dev.countersign.common;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The way in for background jobs ({@link BackgroundJob}): open from the end of start-up until the
 * service stops. Without it a scheduled job that started just before a stop (the audit sealer runs
 * every second) went on while the database closed under it, and a stop under load logged its
 * failure as an error. On shutdown, before the database and the group commit close, the gate lets
 * no job start and waits (at most {@link #WAIT}) for the jobs under way: each is one short
 * transaction, and what one leaves undone the next start does. It replaces the scheduler's
 * {@code skipExecutionIf = ApplicationNotRunning}, whose skip notice is itself a CDI event that
 * fails, and logs an error, once the container has stopped.
 */
@ApplicationScoped
public class ShutdownGate {
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(ShutdownGate.class);

    private final Object lock = new Object();
    private int inside;
    private boolean closed = true;

    /** Whether a job may run now; if so, it must {@link #leave} when it ends. */
    public boolean enter() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            inside++;
            return true;
        }
    }

    public void leave() {
        synchronized (lock) {
            inside--;
            if (inside == 0) {
                lock.notifyAll();
            }
        }
    }

    /** Lets jobs in: the service has started. */
    void open() {
        synchronized (lock) {
            closed = false;
        }
    }

    void onStart(@Observes StartupEvent event) {
        open();
    }

    /** Lets no job in any more and waits, at most {@code wait}, for those inside; false if some stayed. */
    boolean close(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            closed = true;
            while (inside > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    // After the runtime's own wait for its run steps, before everything that closes the database.
    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) ShutdownEvent event) {
        if (!close(WAIT)) {
            LOG.warnf("Stopping with background jobs still running after %s", WAIT);
        }
    }
}
