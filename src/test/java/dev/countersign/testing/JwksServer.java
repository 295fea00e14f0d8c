package dev.countersign.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's real HTTPS server publishing its JWK Set, for the {@code jwks_uri} tests: it serves
 * the tests' self-signed {@code localhost} certificate ({@link LoopbackTls}), which the application
 * trusts through {@code countersign.outbound.trust-certificates}, with loopback allowed through
 * {@code countersign.outbound.allowed-private-hosts}. Tests set what it answers and count its fetches.
 */
public class JwksServer implements QuarkusTestResourceLifecycleManager {
    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static volatile Answer answer = new Answer(200, "{\"keys\":[]}", null);
    private static volatile int port;

    private HttpsServer server;

    /** What the server answers on every path. */
    public record Answer(int status, String body, String cacheControl) {}

    public static void answer(int status, String body, String cacheControl) {
        answer = new Answer(status, body, cacheControl);
    }

    private static JwksServer shared;

    /**
     * Starts one server for the whole JVM, for tests that run in the shared application: the
     * certificate and the allow-list it needs are already the global test resource's
     * (LoopbackTlsResource), so no test resource (and no application restart) is needed.
     */
    public static synchronized void startShared() {
        if (shared == null) {
            shared = new JwksServer();
            shared.start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "jwks-test-server-stop"));
        }
    }

    public static int fetches() {
        return FETCHES.get();
    }

    /** A URL of the server unique to the caller, so each test starts with an empty cache entry. */
    public static String url(String name) {
        return "https://localhost:" + port + "/" + name + "/jwks";
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(LoopbackTls.serverContext()));
            server.createContext("/", exchange -> {
                FETCHES.incrementAndGet();
                Answer now = answer;
                byte[] body = now.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
                if (now.cacheControl() != null) {
                    exchange.getResponseHeaders().add("Cache-Control", now.cacheControl());
                }
                exchange.sendResponseHeaders(now.status(), body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            port = server.getAddress().getPort();
            // The same certificate and allow-list as every test (LoopbackTlsResource), set here too so
            // that this resource works on its own.
            return Map.of(
                    "countersign.outbound.trust-certificates",
                    LoopbackTls.certificatePem().toString(),
                    "countersign.outbound.allowed-private-hosts",
                    "localhost");
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test JWKS server", e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
