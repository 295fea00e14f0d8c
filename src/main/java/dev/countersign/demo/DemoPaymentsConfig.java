package dev.countersign.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The demo payments API at {@code /demo/payments}: a resource server for the example agent. */
@ConfigMapping(prefix = "countersign.demo.payments")
public interface DemoPaymentsConfig {
    /** Whether {@code /demo/payments} answers; when unset it follows {@code countersign.demo.enabled}. */
    Optional<Boolean> enabled();

    /** The {@code aud} an access token must name to pay here; when unset {@code <issuer>/demo/payments}. */
    Optional<String> audience();

    /** The JWK Set the token signatures are checked against; when unset {@code <issuer>/jwks}. */
    Optional<String> jwksUrl();

    /** The scope an access token must carry to pay here. */
    @WithDefault("payments:write")
    String scope();
}
