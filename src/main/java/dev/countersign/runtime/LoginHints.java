package dev.countersign.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;

/**
 * Writes the user of a run as the configured provider expects it in {@code login_hint}, so the same
 * agent code works against each provider; shared by every {@link CibaClient} adapter.
 */
@ApplicationScoped
public class LoginHints {
    private final LoginHintFormat format;
    private final String issuer;

    @Inject
    public LoginHints(RuntimeConfig config) {
        this(config.loginHintFormat(), config.loginHintIssuer());
    }

    LoginHints(LoginHintFormat format, java.util.Optional<String> issuer) {
        this.format = format;
        this.issuer = issuer.orElse(null);
        if (format == LoginHintFormat.iss_sub && issuer == null) {
            throw new IllegalStateException(
                    "countersign.runtime.login-hint-format=iss_sub needs countersign.runtime.login-hint-issuer");
        }
    }

    /** The {@code login_hint} value naming {@code user}. */
    public String of(String user) {
        return switch (format) {
            case username, email -> user;
            case iss_sub ->
                Json.createObjectBuilder()
                        .add("format", "iss_sub")
                        .add("iss", issuer)
                        .add("sub", user)
                        .build()
                        .toString();
        };
    }
}
