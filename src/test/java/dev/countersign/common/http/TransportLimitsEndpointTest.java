package dev.countersign.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.TestDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The two limits the HTTP server applies before a request reaches the service (docs/api.md):
 * a request line over 4,096 bytes is {@code 414}, headers over 20 KiB {@code 431}. Such a
 * request stores nothing, even with valid client credentials; one just within the limits is
 * served. Raw HTTP/1.1 on a socket, so no client library shortens or refuses what is sent.
 */
@QuarkusTest
@DisplayName("RFC 9110 §15.5.15 and RFC 6585 §5: oversized request lines and headers")
class TransportLimitsEndpointTest {
    private static final String FORM = "scope=openid&login_hint=%s&binding_message=Transport+limits";

    @TestHTTPResource("/")
    URL base;

    @Inject
    TestDatabase db;

    RegisteredClient client;
    String username;

    @BeforeEach
    void setUp() {
        client = Fixtures.client();
        username = Fixtures.uniqueName("limits");
        Fixtures.user(username);
    }

    long storedRequests() {
        return db.number("select count(*) from backchannel_requests where client_id = ?", client.clientId());
    }

    String basic() {
        return Base64.getEncoder()
                .encodeToString((client.clientId() + ":" + client.clientSecret()).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a request authenticated as the client and returns the status line's code and the body. */
    String[] bcAuthorize(String target, String extraHeader) throws IOException {
        byte[] body = FORM.formatted(username).getBytes(StandardCharsets.US_ASCII);
        String head = "POST " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Basic " + basic() + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + extraHeader
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String response = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
            String status = response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4);
            int bodyStart = response.indexOf("\r\n\r\n");
            return new String[] {status, bodyStart < 0 ? "" : response.substring(bodyStart + 4)};
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            all.write(buffer, 0, n);
        }
        return all.toByteArray();
    }

    @Test
    void aRequestLineOver4096BytesIs414AndStoresNothing() throws IOException {
        String target = "/bc-authorize?pad=" + "a".repeat(4_100);
        assertThat(bcAuthorize(target, "")[0]).isEqualTo("414");
        assertThat(storedRequests()).isZero();
    }

    @Test
    void headersOver20KibAre431AndStoreNothing() throws IOException {
        String header = "X-Padding: " + "a".repeat(21 * 1024) + "\r\n";
        assertThat(bcAuthorize("/bc-authorize", header)[0]).isEqualTo("431");
        assertThat(storedRequests()).isZero();
    }

    @Test
    void aRequestJustWithinBothLimitsReachesTheService() throws IOException {
        // A query parameter bc-authorize does not know is ignored (RFC 6749 §3.1 for the form; the
        // query string of a POST is not read), so the request is served as usual.
        String target = "/bc-authorize?pad=" + "a".repeat(3_900);
        String header = "X-Padding: " + "a".repeat(18 * 1024) + "\r\n";
        String[] answer = bcAuthorize(target, header);
        assertThat(answer[0]).isEqualTo("200");
        assertThat(answer[1]).contains("auth_req_id");
        assertThat(storedRequests()).isEqualTo(1);
    }
}
