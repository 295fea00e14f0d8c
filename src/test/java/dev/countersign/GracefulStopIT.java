package dev.countersign;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.countersign.testing.CibaCalls;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.PackagedApp;
import dev.countersign.testing.PackagedAppFixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A graceful stop (SIGTERM, as an orchestrator rolling a deployment sends it) under load answers
 * every request it stored: requests in flight finish and get their answer, later ones are refused
 * before anything is stored. Otherwise an agent whose {@code bc-authorize} was committed but never
 * answered has no {@code auth_req_id} to poll, and its retry is refused as an identical pending
 * request (ADR 0005) until the orphan expires.
 */
class GracefulStopIT {
    private static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdefghij";
    private static final Pattern AUTH_REQ_ID = Pattern.compile("\"auth_req_id\":\"([^\"]+)\"");
    private static final int AGENTS = 8;
    private static final int ANSWERED_BEFORE_STOP = 200;

    @Test
    void aSigtermUnderLoadAnswersEveryBackchannelRequestItStored() throws Exception {
        try (PackagedApp app = PackagedApp.embedded()
                .environment("COUNTERSIGN_ADMIN_TOKEN", ADMIN_TOKEN)
                .property("countersign.demo.enabled", "false")
                .property("countersign.ciba.limits.per-user", "1000000")
                .property("countersign.ciba.limits.per-client", "1000000")
                .start()) {
            String base = app.baseUri().toString();
            Fixtures.RegisteredClient client = PackagedAppFixtures.registerAgent(
                    app, ADMIN_TOKEN, Map.of("client_name", "Rolling agent", "scope", "openid"));
            PackagedAppFixtures.registerUser(app, ADMIN_TOKEN, "rolling", "correct horse battery staple");
            String clientId = client.clientId();
            String secret = client.clientSecret();

            Set<String> answered = ConcurrentHashMap.newKeySet();
            AtomicInteger unexpected = new AtomicInteger();
            CountDownLatch enough = new CountDownLatch(ANSWERED_BEFORE_STOP);
            ExecutorService agents = Executors.newFixedThreadPool(AGENTS);
            List<Future<?>> running = new ArrayList<>();
            try {
                for (int a = 0; a < AGENTS; a++) {
                    int agent = a;
                    running.add(agents.submit(
                            () -> startUntilRefused(base, clientId, secret, agent, answered, unexpected, enough)));
                }
                assertThat(enough.await(60, TimeUnit.SECONDS))
                        .as("requests answered under load")
                        .isTrue();
                app.stop();
                for (Future<?> f : running) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                agents.shutdownNow();
            }

            assertThat(unexpected)
                    .as("answers other than 200, 503 or a refused connection")
                    .hasValue(0);
            assertThat(storedRequests(app))
                    .as("every stored request was answered")
                    .isEqualTo(answered.size());

            app.restart();
            for (String authReqId : answered) {
                given().baseUri(app.baseUri().toString())
                        .auth()
                        .preemptive()
                        .basic(clientId, secret)
                        .contentType(CibaCalls.FORM)
                        .body(CibaCalls.form("grant_type", CibaCalls.CIBA_GRANT, "auth_req_id", authReqId))
                        .post("/token")
                        .then()
                        .statusCode(400)
                        .body("error", equalTo("authorization_pending"));
            }
        }
    }

    /**
     * One agent on its own connection: starts requests until the service stops answering. A 200
     * adds its {@code auth_req_id}; a 503 (the service is stopping; counted as unexpected without
     * its JSON error and {@code Retry-After}) or a refused or closed connection ends the loop;
     * anything else is counted as unexpected.
     */
    private static void startUntilRefused(
            String base,
            String clientId,
            String secret,
            int agent,
            Set<String> answered,
            AtomicInteger unexpected,
            CountDownLatch enough) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String basic = "Basic "
                + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; ; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/bc-authorize"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", basic)
                    .header("Content-Type", CibaCalls.FORM)
                    .POST(HttpRequest.BodyPublishers.ofString(CibaCalls.form(
                            "scope",
                            "openid",
                            "login_hint",
                            "rolling",
                            "binding_message",
                            "agent " + agent + " #" + i)))
                    .build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (response.statusCode() == 503) {
                // RFC 9110 §15.6.4 with §10.2.3 Retry-After; RFC 6749's temporarily_unavailable.
                if (!response.body().contains("\"error\":\"temporarily_unavailable\"")
                        || response.headers().firstValue("Retry-After").isEmpty()) {
                    unexpected.incrementAndGet();
                }
                return;
            }
            Matcher id = AUTH_REQ_ID.matcher(response.body());
            if (response.statusCode() != 200 || !id.find()) {
                unexpected.incrementAndGet();
                return;
            }
            answered.add(id.group(1));
            enough.countDown();
        }
    }

    /** The requests in the stopped service's H2 file. */
    private static int storedRequests(PackagedApp app) throws SQLException {
        String url = "jdbc:h2:file:" + app.workDir().resolve("data/countersign") + ";IFEXISTS=TRUE";
        try (Connection connection = DriverManager.getConnection(url, "countersign", "");
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("select count(*) from backchannel_requests")) {
            count.next();
            return count.getInt(1);
        }
    }
}
