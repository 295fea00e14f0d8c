package dev.countersign.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Runs every @QuarkusTest on a free loopback port and makes {@code countersign.issuer} that port's
 * URL, so that discovery, token {@code iss} and the URLs a client library follows are the real ones.
 */
@WithTestResource(value = IssuerOnTestPort.class, scope = TestResourceScope.GLOBAL)
public class IssuerOnTestPort implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        int port = freePort();
        return Map.of(
                "quarkus.http.test-port", Integer.toString(port), "countersign.issuer", "http://localhost:" + port);
    }

    @Override
    public void stop() {}

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
