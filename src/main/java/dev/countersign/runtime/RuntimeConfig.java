package dev.countersign.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

    /** The CIBA providers the runtime can ask. */
    enum ProviderKind {
        /** The provider built into this service. */
        embedded,
        /** Any CIBA Core 1.0 provider reached through quarkus-oidc-client. */
        external
    }
}
