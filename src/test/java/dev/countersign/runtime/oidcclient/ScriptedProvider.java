package dev.countersign.runtime.oidcclient;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny CIBA provider on loopback whose answers the test scripts ({@code slow_down} with
 * {@code Retry-After}, 503s, OAuth errors), so the adapter's mapping of each can be asserted. It
 * publishes a discovery document and records every request it receives.
 */
final class ScriptedProvider {
    /** What the provider answers on one path, after a delay (a slow provider). */
    record Answer(int status, Map<String, String> headers, String body, Duration delay) {
        Answer(int status, Map<String, String> headers, String body) {
            this(status, headers, body, Duration.ZERO);
        }
    }

    /** A request as received, and when (the system clock of the test). */
    record Received(String path, String authorization, String body, Instant at) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Received> answered = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> sequences = new ConcurrentHashMap<>();

    ScriptedProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        String base = base();
        answers.put(
                "/.well-known/openid-configuration",
                new Answer(
                        200,
                        Map.of(),
                        "{\"issuer\":\"" + base + "\",\"token_endpoint\":\"" + base + "/token\","
                                + "\"backchannel_authentication_endpoint\":\"" + base + "/bc-authorize\"}"));
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void script(String path, int status, Map<String, String> headers, String body) {
        answers.put(path, new Answer(status, headers, body));
    }

    /**
     * Answers on the path one after the other, one per request; once they are used up the answer
     * of {@link #script} (or a 404) follows.
     */
    void scriptSequence(String path, List<Answer> answers) {
        sequences.put(path, new ConcurrentLinkedDeque<>(answers));
    }

    List<Received> received() {
        return received;
    }

    /** The requests again, each with the time its answer was sent in full. */
    List<Received> answered() {
        return answered;
    }

    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Received request = new Received(
                path,
                exchange.getRequestHeaders().getFirst("Authorization"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                Instant.now());
        received.add(request);
        Deque<Answer> sequence = sequences.get(path);
        Answer next = sequence == null ? null : sequence.poll();
        Answer answer = next != null ? next : answers.getOrDefault(path, new Answer(404, Map.of(), "not found"));
        if (!answer.delay().isZero()) {
            try {
                Thread.sleep(answer.delay().toMillis()); // the scripted slowness of the provider
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        answer.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        answered.add(new Received(request.path(), request.authorization(), request.body(), Instant.now()));
    }
}
