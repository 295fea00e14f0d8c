package dev.countersign.runtime;

import dev.countersign.common.config.DurationRange;
import dev.countersign.common.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The agent runtime: which CIBA provider it asks, and how it names the user there. */
@ConfigMapping(prefix = "countersign.runtime")
public interface RuntimeConfig {
    /** Whether the runtime (the runs API for agents and its scheduler) is on. */
    @WithDefault("true")
    boolean enabled();

    /** Which CIBA provider the runtime asks: the one in this service, or an external one. */
    @WithDefault("embedded")
    ProviderKind provider();

    /**
     * The name of the {@code quarkus.oidc-client.<name>.*} client that reaches an external provider
     * (used when {@code provider} is {@code external}).
     */
    @WithDefault("ciba")
    String oidcClient();

    /** How the user of a run is written into the provider's {@code login_hint}. */
    @WithDefault("username")
    LoginHintFormat loginHintFormat();

    /** The issuer named in an {@code iss_sub} login hint (Auth0's format); required for that format. */
    Optional<String> loginHintIssuer();

    /**
     * Whether the external provider pings this runtime when the user decides (the client is
     * registered there in ping mode); off means poll mode.
     */
    @WithDefault("false")
    boolean externalPing();

    /**
     * The public URL of the runtime's client notification endpoint ({@code POST /v1/ciba/ping}),
     * which the operator registers at the external provider as
     * {@code backchannel_client_notification_endpoint}; default: the issuer followed by
     * {@code /v1/ciba/ping}. Printed at start-up when {@code external-ping} is on.
     */
    Optional<URI> pingEndpointUrl();

    /** What the external provider accepts as a {@code binding_message}. */
    BindingMessageRules bindingMessage();

    /**
     * The external provider's {@code binding_message} policy (providers restrict it; the defaults
     * are Keycloak's, which Auth0 accepts too). A message outside it is cleaned and shortened by
     * {@link BindingMessagePolicy}, never refused.
     */
    interface BindingMessageRules {
        /** The longest binding message the provider accepts, in characters. */
        @WithDefault("50")
        @IntRange(min = 1)
        int maxLength();

        /** A regular expression for one character the provider accepts in a binding message. */
        @WithDefault("[A-Za-z0-9._+/!?#-]")
        String allowedCharacters();
    }

    /**
     * Hosts that action URL templates may target (exact host names or IP literals, compared
     * case-insensitively). An action whose URL names another host is refused; empty refuses every
     * action. Private and loopback hosts must also be in {@code countersign.outbound.allowed-private-hosts}.
     */
    Optional<List<String>> allowedTargetHosts();

    /**
     * The audience ({@code aud}) that an embedded provider's client credentials access token must
     * name to call the agent API; default: the issuer (the provider's default audience).
     */
    Optional<String> agentTokenAudience();

    /** Actions defined in configuration, by name ({@code countersign.runtime.actions."<name>".*}). */
    Map<String, ActionConfig> actions();

    /** The most due runs one scheduler tick (every second) hands to the poll threads on one instance. */
    @WithDefault("1000")
    int pollBatchSize();

    /**
     * How many polls (and calls to targets) one instance runs at once. They mostly wait on the
     * network, so the number can exceed the cores.
     */
    @WithDefault("16")
    int pollThreads();

    /** How long a claimed poll may take before another instance may claim the run again. */
    @WithDefault("PT30S")
    Duration pollLease();

    /**
     * How long past the action's timeout a run may stay {@code executing}: after that its lease
     * lapses and any instance (this one after a restart included) fails it as {@code outcome_unknown}.
     */
    @WithDefault("PT30S")
    Duration executionMargin();

    /**
     * How long a graceful shutdown waits for the runs this instance is polling or executing; a call
     * to a target still in flight after that fails as {@code outcome_unknown}.
     */
    @WithDefault("PT20S")
    Duration shutdownGrace();

    /** The largest random delay added to every scheduled poll, so polls of many runs spread out. */
    @WithDefault("PT1S")
    Duration pollJitter();

    /**
     * With a provider that wakes the runtime when the user decides, how often the runtime still
     * polls a waiting run, in case a wake-up was lost (e.g. the instance stopped).
     */
    @WithDefault("PT30S")
    Duration pingSafetyInterval();

    /** The longest {@code ?wait=} a client may ask of {@code GET /v1/runs/{id}}. */
    @WithDefault("PT60S")
    Duration maxWait();

    /** How many long-polls may wait at once on one instance; more are answered at once. */
    @WithDefault("1000")
    int maxWaiters();

    /** The webhook sent to a run's {@code callback_url} when it reaches a final status. */
    Webhook webhook();

    /** Retries of run webhooks. */
    interface Webhook {
        /** How many attempts a webhook gets before it is marked failed. */
        @WithDefault("8")
        @IntRange(min = 1)
        int maxAttempts();

        /** The longest wait before the first retry; each later retry may wait twice as long (full jitter). */
        @WithDefault("PT2S")
        Duration backoffBase();

        /** The longest wait between two attempts, unless the receiver's {@code Retry-After} asks for more. */
        @WithDefault("PT10M")
        Duration backoffCap();

        /** How long one attempt holds its claim; longer than the outbound timeouts together. */
        @WithDefault("PT30S")
        Duration lease();
    }

    /** One action of the catalog, as configuration defines it. */
    interface ActionConfig {
        /** What the action does, in a sentence for agent developers and the user. */
        Optional<String> description();

        /** A JSON Schema (draft 2020-12) of the action's parameters, as an inline JSON string. */
        @WithDefault("{\"type\":\"object\"}")
        String parameters();

        /** The HTTP method of the call to the target. */
        @WithDefault("POST")
        String method();

        /**
         * The target URL with {@code {param}} placeholders in its path or query; the host must be
         * written out and in {@code allowed-target-hosts}.
         */
        String url();

        /** The audience of the delegated token (added to the authorization details' {@code locations}). */
        Optional<String> audience();

        /** The scopes asked for, space-separated ({@code openid} is added). */
        @WithDefault("openid")
        String scope();

        /** An RFC 9396 {@code authorization_details} JSON array with {@code {param}} placeholders. */
        Optional<String> authorizationDetails();

        /** The binding message shown to the user, with {@code {param}} placeholders. */
        Optional<String> bindingMessage();

        /** How long the call to the target may take. */
        @WithDefault("PT10S")
        @DurationRange(min = "PT0.001S", max = "PT2M")
        Duration timeout();

        /** The largest target response body kept, in bytes; a larger one fails the run. */
        @WithDefault("65536")
        @IntRange(min = 1, max = 1_048_576)
        int maxResponseSize();
    }

    /** The CIBA providers the runtime can ask. */
    enum ProviderKind {
        /** The provider built into this service. */
        embedded,
        /** Any CIBA Core 1.0 provider reached through quarkus-oidc-client. */
        external
    }
}
