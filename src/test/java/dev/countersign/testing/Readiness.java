package dev.countersign.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a starting process to answer its readiness check with 200: polls with a short pause,
 * gives up at a fixed deadline, and fails at once if the process exits first.
 */
final class Readiness {
    /** How long a start may take before the test fails; far above the seconds a start needs. */
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private static final Duration PAUSE = Duration.ofMillis(50);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {}

    static void await(URI readiness, Process process) {
        await(readiness, process, DEADLINE);
    }

    /** As {@link #await(URI, Process)}, with a longer deadline for a start that does more first. */
    static void await(URI readiness, Process process, Duration limit) {
        HttpRequest request =
                HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (answersOk(request)) {
                return;
            }
            if (exitsWithin(process, PAUSE)) {
                throw new IllegalStateException(
                        "The application exited with " + process.exitValue() + " before it was ready");
            }
        }
        throw new IllegalStateException("The application was not ready within " + limit);
    }

    private static boolean answersOk(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean exitsWithin(Process process, Duration pause) {
        try {
            return process.waitFor(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
