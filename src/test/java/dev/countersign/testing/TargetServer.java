package dev.countersign.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A target API for runtime tests: a plain HTTP server on loopback (reached as {@code localhost},
 * which the test profile allows) that records every request and answers with a scripted status and
 * a small JSON body.
 */
public final class TargetServer implements AutoCloseable {
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile int status = 201;
    private volatile String body = "{\"payment\":\"done\"}";

    /** One request as it arrived; {@code signature} is its {@code X-Countersign-Signature}, if any. */
    public record Call(
            String method,
            String rawPath,
            String authorization,
            String idempotencyKey,
            String body,
            String signature) {}

    private TargetServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/", this::handle);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TargetServer start() {
        return new TargetServer();
    }

    /** The base URL, e.g. {@code http://localhost:40123}. */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    public void answer(int status, String body) {
        this.status = status;
        this.body = body;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.add(new Call(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                exchange.getRequestHeaders().getFirst("X-Countersign-Signature")));
        byte[] answer = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Secret-Internal", "dropped");
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
