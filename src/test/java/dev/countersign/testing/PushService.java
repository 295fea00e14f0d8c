package dev.countersign.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A push service for tests (RFC 8030 §5): a real HTTPS server on localhost (certificate from
 * {@link LoopbackTls}) that records every POST with all its headers and its raw body, and answers
 * 201 Created or what the test scripted (a status and optionally a {@code Retry-After}). Also serves
 * as a webhook receiver.
 */
public final class PushService implements AutoCloseable {
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private HttpsServer server;
    private int port;

    /** One POST as it arrived; header names are as the JDK server normalises them (first letter upper case). */
    public record Received(String path, Map<String, List<String>> headers, byte[] body, int answeredWith) {
        public String header(String name) {
            Headers h = new Headers();
            h.putAll(headers);
            return h.getFirst(name);
        }
    }

    /** A scripted answer. */
    public record Answer(int status, String retryAfter) {}

    public static PushService start() {
        PushService service = new PushService();
        try {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            https.setHttpsConfigurator(new HttpsConfigurator(LoopbackTls.serverContext()));
            https.setExecutor(Executors.newCachedThreadPool());
            https.createContext("/", service::handle);
            https.start();
            service.port = https.getAddress().getPort();
            service.server = https;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return service;
    }

    /** An endpoint URL of this push service (one per subscription). */
    public String endpoint(String path) {
        return origin() + path;
    }

    public String origin() {
        return "https://localhost:" + port;
    }

    /** The next answers, in order; 201 once they are used up. */
    public synchronized void answer(Answer... answers) {
        script.addAll(List.of(answers));
    }

    public synchronized void answer(int... statuses) {
        for (int status : statuses) {
            script.add(new Answer(status, null));
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits (bounded) until {@code condition} holds for what was received; returns it. */
    public List<Received> await(Predicate<List<Received>> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.test(received())) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the push service did not get what was awaited; it got "
                        + received().size());
            }
            pause();
        }
        return received();
    }

    /** Waits until at least {@code count} messages arrived. */
    public List<Received> awaitCount(int count) {
        return await(all -> all.size() >= count, Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Answer answer = next();
        received.add(new Received(
                exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body, answer.status()));
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
    }

    private synchronized Answer next() {
        Answer answer = script.poll();
        return answer == null ? new Answer(201, null) : answer;
    }

    static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
