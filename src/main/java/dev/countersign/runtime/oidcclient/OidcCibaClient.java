package dev.countersign.runtime.oidcclient;

import dev.countersign.runtime.BindingMessagePolicy;
import dev.countersign.runtime.CibaAuthenticationRequest;
import dev.countersign.runtime.CibaClient;
import dev.countersign.runtime.PollOutcome;
import dev.countersign.runtime.RuntimeConfig;
import dev.countersign.runtime.StartOutcome;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The runtime's adapter to any external CIBA Core 1.0 provider (Keycloak, Auth0, Okta, Ping,
 * node-oidc-provider…), configured by the standard {@code quarkus.oidc-client.<name>.*} properties
 * with {@code <name>} = {@code countersign.runtime.oidc-client} and {@code grant.type=ciba}.
 *
 * <p><b>Start</b> (§7.1): OidcClient does not send the backchannel authentication request, so this
 * class reads {@code backchannel_authentication_endpoint} from the provider's discovery document
 * once (cached after the first success) and posts the form itself, authenticating with the
 * oidc-client's own {@code client-id} and secret ({@code client_secret_basic} or
 * {@code client_secret_post}; {@link ClientSettings}). The {@code binding_message} goes through
 * the configured {@link BindingMessagePolicy}, so a message the provider would refuse is cleaned
 * and shortened, never refused.
 *
 * <p><b>Poll</b> (§10.1): the {@code auth_req_id} is redeemed through OidcClient
 * ({@code getTokens(Map.of("auth_req_id", id))}), so every client authentication OidcClient
 * supports (secrets, {@code private_key_jwt}, mTLS) works for the token request. OidcClient reports
 * an error answer only as an exception holding the body and hides the HTTP status and the
 * {@code Retry-After} header, which {@code slow_down} and a 503 need; rather than post the token
 * request a second way, the OidcClient filters in {@link TokenAnswers} record the whole answer for
 * the poll waiting on it. An exception with no recorded answer means the provider was not reached.
 *
 * <p>Every answer is a value: 5xx, 429 and I/O failures are {@code Unreachable} (with
 * {@code Retry-After} as delay-seconds or HTTP-date), OAuth errors are {@code Refused} or the
 * matching {@link PollOutcome}. Secrets, {@code auth_req_id}s and tokens are never logged.
 */
@ApplicationScoped
@Identifier("external")
public class OidcCibaClient implements CibaClient {
    private static final Logger LOG = Logger.getLogger(OidcCibaClient.class);

    private final Supplier<ClientSettings> settings;
    private final Supplier<OidcClient> client;
    private final boolean ping;
    private final TokenAnswers answers;
    private final BindingMessagePolicy bindingMessages;
    private final Clock clock;
    private volatile HttpClient http;
    private volatile URI backchannelEndpoint;

    /**
     * The adapter for the oidc-client named by {@code countersign.runtime.oidc-client}, resolved on
     * first use: the provider need not be up, nor the client configured, when the service starts.
     */
    @Inject
    public OidcCibaClient(
            RuntimeConfig runtime,
            OidcClients clients,
            TokenAnswers answers,
            BindingMessagePolicy bindingMessages,
            Config config,
            Clock clock) {
        this(
                new Memo<>(() -> ClientSettings.read(config, runtime.oidcClient())),
                () -> clients.getClient(runtime.oidcClient()),
                runtime.externalPing(),
                answers,
                bindingMessages,
                clock);
    }

    /** An adapter for these settings and OidcClient (tests build several, one per provider). */
    OidcCibaClient(
            Supplier<ClientSettings> settings,
            Supplier<OidcClient> client,
            boolean ping,
            TokenAnswers answers,
            BindingMessagePolicy bindingMessages,
            Clock clock) {
        this.settings = settings;
        this.client = client;
        this.ping = ping;
        this.answers = answers;
        this.bindingMessages = bindingMessages;
        this.clock = clock;
    }

    @Override
    public StartOutcome start(CibaAuthenticationRequest request) {
        try {
            HttpRequest.Builder post = HttpRequest.newBuilder(backchannelEndpoint())
                    .timeout(settings().timeout())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(formEncoded(parameters(request))));
            settings().authorization().ifPresent(value -> post.header("Authorization", value));
            HttpResponse<String> response = http().send(post.build(), HttpResponse.BodyHandlers.ofString());
            return started(answerOf(response));
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Backchannel authentication request failed: %s", e.getMessage());
            return new StartOutcome.Unreachable(
                    "the provider could not be reached: " + e.getMessage(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StartOutcome.Unreachable("interrupted", Optional.empty());
        }
    }

    @Override
    public PollOutcome poll(String authReqId) {
        try (TokenAnswers.Slot slot = answers.expect(authReqId)) {
            try {
                Tokens tokens = client.get()
                        .getTokens(Map.of("auth_req_id", authReqId))
                        .await()
                        .atMost(settings().timeout().multipliedBy(2));
                return issued(tokens, slot.answer());
            } catch (RuntimeException e) {
                // OidcClientException for every non-200 answer; anything else is a transport failure.
                return slot.answer()
                        .map(this::polled)
                        .orElseGet(() -> new PollOutcome.Unreachable(
                                "the provider could not be reached: "
                                        + e.getClass().getSimpleName(),
                                Optional.empty()));
            }
        }
    }

    @Override
    public boolean pings() {
        return ping;
    }

    @Override
    public boolean pingsOverHttp() {
        return ping;
    }

    /** The form of the backchannel authentication request (CIBA Core 1.0 §7.1). */
    private Map<String, String> parameters(CibaAuthenticationRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("scope", request.scope());
        form.put("login_hint", request.loginHint());
        request.bindingMessage().flatMap(bindingMessages::apply).ifPresent(m -> form.put("binding_message", m));
        request.authorizationDetails().ifPresent(details -> form.put("authorization_details", details));
        request.requestedExpiry().ifPresent(expiry -> form.put("requested_expiry", Long.toString(expiry.toSeconds())));
        if (ping) {
            request.clientNotificationToken().ifPresent(token -> form.put("client_notification_token", token));
        }
        form.putAll(settings().formCredentials());
        return form;
    }

    /** §7.3 successful response, §13 error response, anything else. */
    private StartOutcome started(ProviderAnswer answer) {
        if (answer.status() == 200) {
            Optional<JsonObject> json = answer.json();
            Optional<String> id = answer.member("auth_req_id");
            Optional<Long> expiresIn = json.flatMap(o -> seconds(o, "expires_in"));
            if (id.isEmpty() || expiresIn.isEmpty()) {
                return new StartOutcome.Unreachable(
                        "the provider answered 200 without auth_req_id and expires_in", Optional.empty());
            }
            Optional<Duration> interval =
                    json.flatMap(o -> seconds(o, "interval")).map(Duration::ofSeconds);
            return new StartOutcome.Started(id.get(), Duration.ofSeconds(expiresIn.get()), interval);
        }
        if (answer.serverError() || answer.status() == 429 || answer.error().isEmpty()) {
            return new StartOutcome.Unreachable(unusable(answer), retryAfter(answer));
        }
        return new StartOutcome.Refused(answer.status(), answer.error().get(), answer.errorDescription());
    }

    /** §11 token error response (RFC 6749 §5.2 codes plus CIBA's), 5xx and non-OAuth answers. */
    private PollOutcome polled(ProviderAnswer answer) {
        if (answer.serverError() || answer.status() == 429 || answer.error().isEmpty()) {
            return new PollOutcome.Unreachable(unusable(answer), retryAfter(answer));
        }
        String error = answer.error().get();
        return switch (error) {
            case "authorization_pending" -> new PollOutcome.Pending();
            case "slow_down" -> new PollOutcome.SlowDown(retryAfter(answer));
            case "access_denied" -> new PollOutcome.Denied(answer.errorDescription());
            case "expired_token" -> new PollOutcome.Expired();
            default -> new PollOutcome.Failed(answer.status(), error, answer.errorDescription());
        };
    }

    private PollOutcome issued(Tokens tokens, Optional<ProviderAnswer> answer) {
        Optional<JsonObject> json = answer.flatMap(ProviderAnswer::json);
        String raw = json.map(JsonObject::toString).orElse("{}");
        String tokenType = Optional.ofNullable(tokens.get("token_type")).orElse("Bearer");
        Optional<Duration> expiresIn =
                json.flatMap(o -> seconds(o, "expires_in")).map(Duration::ofSeconds);
        return new PollOutcome.Issued(raw, tokens.getAccessToken(), tokenType, expiresIn);
    }

    private static String unusable(ProviderAnswer answer) {
        return "the provider answered HTTP " + answer.status()
                + answer.error().map(e -> " " + e).orElse(" without an OAuth error");
    }

    private Optional<Duration> retryAfter(ProviderAnswer answer) {
        return answer.retryAfter().flatMap(value -> RetryAfter.parse(value, clock.instant()));
    }

    private static Optional<Long> seconds(JsonObject object, String name) {
        return object.get(name) instanceof JsonNumber number && number.isIntegral() && number.longValue() > 0
                ? Optional.of(number.longValue())
                : Optional.empty();
    }

    private ClientSettings settings() {
        return settings.get();
    }

    private HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(settings().timeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return http;
    }

    /** {@code backchannel_authentication_endpoint} from discovery (CIBA Core 1.0 §4), cached. */
    private URI backchannelEndpoint() throws IOException, InterruptedException {
        if (backchannelEndpoint == null) {
            HttpRequest get = HttpRequest.newBuilder(settings().discovery())
                    .timeout(settings().timeout())
                    .header("Accept", "application/json")
                    .build();
            ProviderAnswer answer = answerOf(http().send(get, HttpResponse.BodyHandlers.ofString()));
            if (answer.status() != 200) {
                throw new ProviderUnusable("its discovery document answered HTTP " + answer.status());
            }
            String endpoint = answer.member("backchannel_authentication_endpoint")
                    .orElseThrow(() ->
                            new ProviderUnusable("its discovery document has no backchannel_authentication_endpoint"));
            backchannelEndpoint = URI.create(endpoint);
        }
        return backchannelEndpoint;
    }

    private static String formEncoded(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    private static ProviderAnswer answerOf(HttpResponse<String> response) {
        return new ProviderAnswer(response.statusCode(), response.headers().firstValue("Retry-After"), response.body());
    }

    /** A value computed once, on first success (a failure is tried again next time). */
    private static final class Memo<T> implements Supplier<T> {
        private final Supplier<T> source;
        private volatile T value;

        Memo(Supplier<T> source) {
            this.source = source;
        }

        @Override
        public T get() {
            if (value == null) {
                value = source.get();
            }
            return value;
        }
    }

    /** The provider answered, but not as a CIBA provider must; worth a retry once it is fixed. */
    private static final class ProviderUnusable extends RuntimeException {
        ProviderUnusable(String message) {
            super(message, null, false, false);
        }
    }
}
