package dev.countersign.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An independent external CIBA provider for interop tests: npm {@code oidc-provider} run by
 * {@code src/test/node/ciba-provider.mjs} on a free loopback port, with one client (secret basic,
 * CIBA poll mode, or ping mode with {@link #startInPingMode}) and one user. Its control API stands in for the user's authentication device:
 * {@link #approve} and {@link #deny} decide a pending request by its {@code auth_req_id}.
 */
public final class ExternalCibaProvider implements AutoCloseable {
    public static final String CLIENT_ID = "countersign-runtime";
    public static final String CLIENT_SECRET = "external-peer-secret-0123456789";
    public static final String USERNAME = "bob";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final URI issuer;
    private final Path log;

    private ExternalCibaProvider(Process process, URI issuer, Path log) {
        this.process = process;
        this.issuer = issuer;
        this.log = log;
    }

    /** Starts the provider and returns once it answers its readiness check. */
    public static ExternalCibaProvider start() {
        return start(Map.of(), List.of());
    }

    /**
     * Starts the provider with its client in ping mode (CIBA Core 1.0 §10.2), pinging
     * {@code notificationEndpoint} (oidc-provider requires https) and trusting the certificate in
     * {@code trustedPem} for it.
     */
    public static ExternalCibaProvider startInPingMode(URI notificationEndpoint, Path trustedPem) {
        return start(
                Map.of("NODE_EXTRA_CA_CERTS", trustedPem.toAbsolutePath().toString()),
                List.of(notificationEndpoint.toString()));
    }

    private static ExternalCibaProvider start(Map<String, String> environment, List<String> more) {
        try {
            int port = freePort();
            Path log = Files.createTempFile("ciba-provider", ".log");
            Path script = NodePeers.home().resolve("ciba-provider.mjs");
            List<String> args = new ArrayList<>(List.of(Integer.toString(port), CLIENT_ID, CLIENT_SECRET, USERNAME));
            args.addAll(more);
            Process process = NodePeers.node(script, log, environment, args.toArray(String[]::new));
            URI issuer = URI.create("http://127.0.0.1:" + port);
            try {
                Readiness.await(issuer.resolve("/control/ready"), process);
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw new IllegalStateException(e.getMessage() + "; log: " + Files.readString(log), e);
            }
            return new ExternalCibaProvider(process, issuer, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The issuer, also the {@code auth-server-url} of an oidc-client pointing at it. */
    public URI issuer() {
        return issuer;
    }

    /** The resource its access tokens are for ({@code aud}). */
    public String paymentsResource() {
        return issuer + "/payments";
    }

    /** The requests its authentication device was asked about, as JSON, newest last. */
    public String deviceRequests() {
        return send(HttpRequest.newBuilder(issuer.resolve("/control/requests")).GET())
                .body();
    }

    /** The user approves the request (a Grant for {@code openid payments:write}). */
    public void approve(String authReqId) {
        decide("/control/approve", authReqId);
    }

    /** The user says no ({@code access_denied}). */
    public void deny(String authReqId) {
        decide("/control/deny", authReqId);
    }

    private void decide(String path, String authReqId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(issuer.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"auth_req_id\":\"" + authReqId + "\"}")));
        if (response.statusCode() != 204) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.body());
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the node process and removes its log. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }

    /** A loopback port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
