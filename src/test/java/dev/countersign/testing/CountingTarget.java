package dev.countersign.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A target API for the exactly-once ITs: a plain JDK HTTP server on loopback (reached as {@code
 * localhost}) that counts the calls it receives per {@code Idempotency-Key} (the run id) and answers
 * 201. It can hold calls ({@link #hold()}) until the test releases them, so that a test can kill the
 * service while a call is in flight, and it lets a test await the arrival of calls instead of
 * sleeping.
 */
public final class CountingTarget implements AutoCloseable {
    private static final long HOLD_LIMIT_SECONDS = 60;

    private final ConcurrentMap<String, AtomicInteger> byKey = new ConcurrentHashMap<>();
    private final Semaphore arrivals = new Semaphore(0);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private CountingTarget() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(threads);
            server.createContext("/", this::handle);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CountingTarget start() {
        return new CountingTarget();
    }

    /** The base URL, e.g. {@code http://localhost:40123}. */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /**
     * Calls from now on wait (bounded) until {@link #release()} before they are answered; {@link
     * #awaitCalls} counts from here.
     */
    public void hold() {
        gate = new CountDownLatch(1);
        arrivals.drainPermits();
    }

    /** Answers the held calls, and answers later ones at once. */
    public void release() {
        gate.countDown();
    }

    /**
     * Waits until {@code count} calls have arrived since the last {@link #hold()} (or the last
     * successful await); false on timeout.
     */
    public boolean awaitCalls(int count, Duration max) throws InterruptedException {
        return arrivals.tryAcquire(count, max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How often each {@code Idempotency-Key} was received. */
    public Map<String, Integer> callsByKey() {
        Map<String, Integer> counts = new TreeMap<>();
        byKey.forEach((key, n) -> counts.put(key, n.get()));
        return counts;
    }

    public int calls(String idempotencyKey) {
        AtomicInteger n = byKey.get(idempotencyKey);
        return n == null ? 0 : n.get();
    }

    public int totalCalls() {
        return byKey.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        exchange.getRequestBody().readAllBytes();
        byKey.computeIfAbsent(key == null ? "(none)" : key, k -> new AtomicInteger())
                .incrementAndGet();
        arrivals.release();
        try {
            gate.await(HOLD_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] answer = ("{\"paid\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (IOException e) {
            // The caller is gone (killed mid-call): nothing to answer.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
