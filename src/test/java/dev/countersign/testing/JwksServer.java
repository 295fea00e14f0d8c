package dev.countersign.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A client's real HTTPS server publishing its JWK Set, for the {@code jwks_uri} tests: a
 * self-signed certificate for {@code localhost} made with the JDK's keytool, trusted by the
 * application through {@code countersign.outbound.trust-certificates}, and loopback allowed through
 * {@code countersign.outbound.allowed-private-hosts}. Tests set what it answers and count its fetches.
 */
public class JwksServer implements QuarkusTestResourceLifecycleManager {
    private static final String PASSWORD = "changeit";
    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static volatile Answer answer = new Answer(200, "{\"keys\":[]}", null);
    private static volatile int port;

    private HttpsServer server;
    private Path dir;

    /** What the server answers on every path. */
    public record Answer(int status, String body, String cacheControl) {}

    public static void answer(int status, String body, String cacheControl) {
        answer = new Answer(status, body, cacheControl);
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
            dir = Files.createTempDirectory("jwks-server");
            Path keystore = dir.resolve("server.p12");
            Path certificate = dir.resolve("server.pem");
            keytool(
                    "-genkeypair",
                    "-alias",
                    "localhost",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost",
                    "-validity",
                    "2",
                    "-keystore",
                    keystore.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD);
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "localhost",
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    PASSWORD,
                    "-file",
                    certificate.toString());
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(sslContext(keystore)));
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
            return Map.of(
                    "countersign.outbound.trust-certificates",
                    certificate.toString(),
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

    private static SSLContext sslContext(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new UncheckedIOException(new IOException("keytool failed: " + output));
        }
    }
}
