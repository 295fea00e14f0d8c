package dev.countersign.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
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
        @Min(1)
        int maxLength();

        /** A regular expression for one character the provider accepts in a binding message. */
        @WithDefault("[A-Za-z0-9._+/!?#-]")
        String allowedCharacters();
    }

    /** The CIBA providers the runtime can ask. */
    enum ProviderKind {
        /** The provider built into this service. */
        embedded,
        /** Any CIBA Core 1.0 provider reached through quarkus-oidc-client. */
        external
    }
}
