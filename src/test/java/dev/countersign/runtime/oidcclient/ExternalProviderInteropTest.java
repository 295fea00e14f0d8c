package dev.countersign.runtime.oidcclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.runtime.BindingMessagePolicy;
import dev.countersign.runtime.CibaAuthenticationRequest;
import dev.countersign.runtime.CibaClient;
import dev.countersign.runtime.PollOutcome;
import dev.countersign.runtime.StartOutcome;
import dev.countersign.testing.ExternalCibaProvider;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientConfigBuilder;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.runtime.OidcClientConfig;
import io.quarkus.oidc.common.runtime.config.OidcClientCommonConfig.Credentials.Secret;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The external adapter against providers it did not come with: the independent npm
 * {@code oidc-provider} (approve, deny, unknown user, through its own device API), a scripted
 * provider for {@code slow_down}, {@code Retry-After} and 5xx, and a provider that is down. Only
 * the oidc-client settings differ between them.
 */
@QuarkusTest
class ExternalProviderInteropTest {
    private static final String PAYMENT = "Pay 42.00 EUR to Bob Smith";

    @Inject
    OidcClients clients;

    @Inject
    TokenAnswers answers;

    @Inject
    Clock clock;

    /** The adapter as the runtime gets it; no external provider is configured in tests. */
    @Inject
    @Identifier("external")
    CibaClient configured;

    private static ExternalCibaProvider peer;
    private static ScriptedProvider scripted;
    private static int closedPort;

    /*
     * The providers are started here and their OidcClients made with OidcClients.newClient rather
     * than given as quarkus.oidc-client.* properties by a test resource: a test resource would restart
     * the application for this class only, and restarts are what this suite can least afford.
     */
    @BeforeAll
    static void startProviders() throws Exception {
        peer = ExternalCibaProvider.start();
        scripted = new ScriptedProvider();
        closedPort = ExternalCibaProvider.freePort();
    }

    @AfterAll
    static void stopProviders() {
        if (peer != null) {
            peer.close();
        }
        if (scripted != null) {
            scripted.stop();
        }
    }

    /**
     * An adapter for one provider, set up as {@code quarkus.oidc-client.*} would: discovery on the
     * peer, a fixed token path elsewhere; node-oidc-provider's binding-message policy (its
     * character set, 20 characters).
     */
    private OidcCibaClient adapter(String url, String secret, boolean post, boolean discovery, boolean ping) {
        OidcClientConfigBuilder builder = OidcClientConfig.authServerUrl(url)
                .id("test-" + UUID.randomUUID())
                .clientId(ExternalCibaProvider.CLIENT_ID)
                .discoveryEnabled(discovery)
                .connectionTimeout(Duration.ofSeconds(2))
                .grant(OidcClientConfig.Grant.Type.CIBA);
        builder = post
                ? builder.credentials().clientSecret(secret, Secret.Method.POST).end()
                : builder.credentials(secret);
        if (!discovery) {
            builder = builder.tokenPath("/token");
        }
        OidcClient client = clients.newClient(builder.build()).await().atMost(Duration.ofSeconds(10));
        ClientSettings settings = new ClientSettings(
                "test",
                URI.create(url + "/"),
                ExternalCibaProvider.CLIENT_ID,
                Optional.of(secret),
                post,
                Duration.ofSeconds(2));
        BindingMessagePolicy policy = new BindingMessagePolicy(20, "[A-Za-z0-9._+/!?#-]");
        return new OidcCibaClient(() -> settings, () -> client, ping, answers, policy, clock);
    }

    private OidcCibaClient peerAdapter() {
        return adapter(peer.issuer().toString(), ExternalCibaProvider.CLIENT_SECRET, false, true, false);
    }

    private OidcCibaClient scriptedAdapter(boolean ping) {
        return adapter(scripted.base(), "scripted-secret", true, false, ping);
    }

    private static CibaAuthenticationRequest request(String loginHint) {
        return new CibaAuthenticationRequest(
                loginHint,
                "openid payments:write",
                Optional.of(PAYMENT),
                Optional.empty(),
                Optional.of(Duration.ofMinutes(5)),
                Optional.empty());
    }

    private static String started(StartOutcome outcome) {
        assertThat(outcome).isInstanceOf(StartOutcome.Started.class);
        return ((StartOutcome.Started) outcome).authReqId();
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7 and §10 with the independent node-oidc-provider")
    class IndependentProvider {
        private CibaClient adapter;

        @BeforeEach
        void anAdapterForThePeer() {
            adapter = peerAdapter();
        }

        @Test
        void issuesATokenThePeerSignedOnceTheUserApproves() throws Exception {
            StartOutcome start = adapter.start(request(ExternalCibaProvider.USERNAME));
            String authReqId = started(start);
            assertThat(((StartOutcome.Started) start).expiresIn()).isPositive();
            assertThat(adapter.poll(authReqId)).isEqualTo(new PollOutcome.Pending());

            peer.approve(authReqId);
            PollOutcome outcome = adapter.poll(authReqId);

            assertThat(outcome).isInstanceOf(PollOutcome.Issued.class);
            PollOutcome.Issued issued = (PollOutcome.Issued) outcome;
            assertThat(issued.tokenType()).isEqualToIgnoringCase("Bearer");
            assertThat(issued.expiresIn()).isPresent();
            assertThat(issued.tokenResponse()).contains(issued.accessToken());
            JwtClaims claims = new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(
                            new HttpsJwks(peer.issuer().resolve("/jwks").toString())))
                    .setExpectedIssuer(peer.issuer().toString())
                    .setExpectedAudience(peer.paymentsResource())
                    .setRequireExpirationTime()
                    .build()
                    .processToClaims(issued.accessToken());
            assertThat(claims.getSubject()).isEqualTo(ExternalCibaProvider.USERNAME);
        }

        @Test
        void sendsTheBindingMessageCleanedToThePeersPolicy() {
            started(adapter.start(request(ExternalCibaProvider.USERNAME)));

            assertThat(peer.deviceRequests()).contains("\"binding_message\":\"Pay-42.00-EUR-to-Bob\"");
        }

        @Test
        void reportsDeniedWhenTheUserSaysNo() {
            String authReqId = started(adapter.start(request(ExternalCibaProvider.USERNAME)));

            peer.deny(authReqId);

            assertThat(adapter.poll(authReqId)).isInstanceOf(PollOutcome.Denied.class);
        }

        @Test
        void reportsThePeersErrorForAnUnknownUser() {
            StartOutcome outcome = adapter.start(request("nobody"));

            assertThat(outcome).isInstanceOf(StartOutcome.Refused.class);
            StartOutcome.Refused refused = (StartOutcome.Refused) outcome;
            assertThat(refused.httpStatus()).isEqualTo(400);
            assertThat(refused.error()).isEqualTo("unknown_user_id");
        }

        @Test
        void reportsAnUnknownAuthReqIdAsFailed() {
            PollOutcome outcome = adapter.poll("not-an-auth-req-id");

            assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
            assertThat(((PollOutcome.Failed) outcome).error()).isEqualTo("invalid_grant");
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §11 and RFC 9110 §10.2.3: slow_down, Retry-After, 5xx")
    class ScriptedAnswers {
        private ScriptedProvider provider;
        private OidcCibaClient adapter;

        @BeforeEach
        void anAdapterForTheScriptedProvider() {
            provider = scripted;
            adapter = scriptedAdapter(false);
        }

        private PollOutcome pollAnswering(int status, Map<String, String> headers, String body) {
            provider.script("/token", status, headers, body);
            return adapter.poll("scripted-id");
        }

        @Test
        void slowDownCarriesRetryAfterInSeconds() {
            PollOutcome outcome = pollAnswering(400, Map.of("Retry-After", "7"), "{\"error\":\"slow_down\"}");

            assertThat(outcome).isEqualTo(new PollOutcome.SlowDown(Optional.of(Duration.ofSeconds(7))));
        }

        @Test
        void slowDownCarriesRetryAfterAsAnHttpDate() {
            String in90s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    clock.instant().plusSeconds(90).atZone(ZoneOffset.UTC));

            PollOutcome outcome = pollAnswering(400, Map.of("Retry-After", in90s), "{\"error\":\"slow_down\"}");

            assertThat(outcome).isInstanceOf(PollOutcome.SlowDown.class);
            Duration retryAfter = ((PollOutcome.SlowDown) outcome).retryAfter().orElseThrow();
            assertThat(retryAfter).isBetween(Duration.ofSeconds(88), Duration.ofSeconds(90));
        }

        @Test
        void slowDownWithoutRetryAfterLeavesTheIntervalRuleToTheCaller() {
            assertThat(pollAnswering(400, Map.of(), "{\"error\":\"slow_down\"}"))
                    .isEqualTo(new PollOutcome.SlowDown(Optional.empty()));
        }

        @Test
        void mapsEachTokenErrorToItsOutcome() {
            assertThat(pollAnswering(400, Map.of(), "{\"error\":\"authorization_pending\"}"))
                    .isEqualTo(new PollOutcome.Pending());
            assertThat(pollAnswering(400, Map.of(), "{\"error\":\"expired_token\"}"))
                    .isEqualTo(new PollOutcome.Expired());
            assertThat(pollAnswering(400, Map.of(), "{\"error\":\"access_denied\",\"error_description\":\"no\"}"))
                    .isEqualTo(new PollOutcome.Denied(Optional.of("no")));
            assertThat(pollAnswering(401, Map.of(), "{\"error\":\"invalid_client\"}"))
                    .isEqualTo(new PollOutcome.Failed(401, "invalid_client", Optional.empty()));
        }

        @Test
        void a503WithRetryAfterIsUnreachableForThatLong() {
            PollOutcome outcome = pollAnswering(503, Map.of("Retry-After", "30"), "busy");

            assertThat(outcome).isInstanceOf(PollOutcome.Unreachable.class);
            assertThat(((PollOutcome.Unreachable) outcome).retryAfter()).contains(Duration.ofSeconds(30));
        }

        @Test
        void startsWithTheSecretInTheBodyWhenConfiguredForClientSecretPost() {
            provider.script(
                    "/bc-authorize", 200, Map.of(), "{\"auth_req_id\":\"abc\",\"expires_in\":120,\"interval\":2}");

            StartOutcome outcome = adapter.start(request("bob"));

            assertThat(outcome)
                    .isEqualTo(new StartOutcome.Started(
                            "abc", Duration.ofSeconds(120), Optional.of(Duration.ofSeconds(2))));
            ScriptedProvider.Received sent = provider.received().stream()
                    .filter(r -> r.path().equals("/bc-authorize"))
                    .reduce((first, second) -> second)
                    .orElseThrow();
            assertThat(sent.authorization()).isNull();
            assertThat(sent.body())
                    .contains("client_id=" + ExternalCibaProvider.CLIENT_ID)
                    .contains("client_secret=scripted-secret")
                    .contains("login_hint=bob")
                    .contains("binding_message=Pay-42.00-EUR-to-Bob")
                    .contains("requested_expiry=300");
        }

        @Test
        void sendsTheClientNotificationTokenOnlyInPingMode() {
            provider.script("/bc-authorize", 200, Map.of(), "{\"auth_req_id\":\"p\",\"expires_in\":60}");
            CibaAuthenticationRequest withToken = new CibaAuthenticationRequest(
                    "bob",
                    "openid",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("notification-token-123"));
            OidcCibaClient pinging = scriptedAdapter(true);

            pinging.start(withToken);
            String pingBody = lastBackchannelBody();
            adapter.start(withToken);
            String pollBody = lastBackchannelBody();

            assertThat(pinging.pings()).isTrue();
            assertThat(pingBody).contains("client_notification_token=notification-token-123");
            assertThat(pollBody).doesNotContain("client_notification_token");
        }

        private String lastBackchannelBody() {
            return provider.received().stream()
                    .filter(r -> r.path().equals("/bc-authorize"))
                    .reduce((first, second) -> second)
                    .orElseThrow()
                    .body();
        }

        @Test
        void aRefusedStartCarriesTheProvidersError() {
            provider.script("/bc-authorize", 401, Map.of(), "{\"error\":\"unauthorized_client\"}");

            assertThat(adapter.start(request("bob")))
                    .isEqualTo(new StartOutcome.Refused(401, "unauthorized_client", Optional.empty()));
        }

        @Test
        void a503StartIsUnreachableWithRetryAfter() {
            provider.script("/bc-authorize", 503, Map.of("Retry-After", "12"), "down for maintenance");

            StartOutcome outcome = adapter.start(request("bob"));

            assertThat(outcome).isInstanceOf(StartOutcome.Unreachable.class);
            assertThat(((StartOutcome.Unreachable) outcome).retryAfter()).contains(Duration.ofSeconds(12));
        }
    }

    @Nested
    @DisplayName("CibaClient: a provider that is down is Unreachable, never an exception")
    class ProviderDown {
        private OidcCibaClient adapter;

        @BeforeEach
        void anAdapterForAClosedPort() {
            adapter = adapter("http://127.0.0.1:" + closedPort, "down-secret", false, false, false);
        }

        @Test
        void theConfiguredAdapterWithoutAnyProviderIsUnreachableToo() {
            assertThat(configured).isInstanceOf(OidcCibaClient.class);
            assertThat(configured.pings()).isFalse();
            assertThat(configured.start(request("bob"))).isInstanceOf(StartOutcome.Unreachable.class);
            assertThat(configured.poll("some-id")).isInstanceOf(PollOutcome.Unreachable.class);
        }

        @Test
        void startIsUnreachable() {
            assertThat(adapter.start(request("bob"))).isInstanceOf(StartOutcome.Unreachable.class);
        }

        @Test
        void pollIsUnreachable() {
            assertThat(adapter.poll("some-id")).isInstanceOf(PollOutcome.Unreachable.class);
        }
    }
}
