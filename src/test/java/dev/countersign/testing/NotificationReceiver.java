package dev.countersign.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client notification endpoint for tests: a real HTTPS server on localhost (certificate from
 * {@link LoopbackTls}) that records every POST and answers 204, or what the test scripted: an HTTP
 * status, or a hang longer than the service's request timeout. {@link #stop} and {@link #start}
 * on the same port give "connection refused" and then recovery.
 */
public final class NotificationReceiver implements AutoCloseable {
    /** A sentinel answer: do not answer until the caller gave up. */
    public static final int HANG = -1;

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> script = new ArrayDeque<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private int port;
    private HttpsServer server;

    /** One POST as it arrived. */
    public record Received(String authorization, String contentType, String body, int answeredWith) {}

    public static NotificationReceiver start() {
        NotificationReceiver receiver = new NotificationReceiver();
        receiver.listen(0);
        return receiver;
    }

    /** Starts again on the port it had (after {@link #stop}). */
    public synchronized void restart() {
        listen(port);
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public String url() {
        return "https://localhost:" + port + "/cb";
    }

    public int port() {
        return port;
    }

    /** The next answers, in order (an HTTP status or {@link #HANG}); 204 once they are used up. */
    public synchronized void answer(Integer... statuses) {
        script.addAll(List.of(statuses));
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Those received whose bearer token is this one. */
    public List<Received> receivedWith(String bearer) {
        return received.stream()
                .filter(r -> ("Bearer " + bearer).equals(r.authorization()))
                .toList();
    }

    /** Waits (bounded) until {@code condition} holds for what was received; returns it. */
    public List<Received> await(Predicate<List<Received>> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.test(received())) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the receiver did not get what was awaited; it got " + received());
            }
            Thread.onSpinWait();
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return received();
    }

    @Override
    public void close() {
        release.countDown();
        stop();
    }

    private void listen(int wanted) {
        try {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 16);
            https.setHttpsConfigurator(new HttpsConfigurator(LoopbackTls.serverContext()));
            https.setExecutor(Executors.newCachedThreadPool());
            https.createContext("/cb", this::handle);
            https.start();
            port = https.getAddress().getPort();
            server = https;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = next();
        received.add(new Received(
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                body,
                status));
        if (status == HANG) {
            try {
                release.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private synchronized int next() {
        Integer status = script.poll();
        return status == null ? 204 : status;
    }
}
