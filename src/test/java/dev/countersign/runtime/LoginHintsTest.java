package dev.countersign.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LoginHintsTest {

    private static LoginHints hints(LoginHintFormat format, Optional<String> issuer) {
        return new LoginHints(format, issuer);
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.1 login_hint: as each provider expects it")
    class Formats {
        @Test
        void writesTheUsernameAsIs() {
            assertThat(hints(LoginHintFormat.username, Optional.empty()).of("alice"))
                    .isEqualTo("alice");
        }

        @Test
        void writesTheEmailAsIs() {
            assertThat(hints(LoginHintFormat.email, Optional.empty()).of("alice@example.com"))
                    .isEqualTo("alice@example.com");
        }

        @Test
        void writesAuth0sIssSubJson() {
            String hint = hints(LoginHintFormat.iss_sub, Optional.of("https://tenant.eu.auth0.com/"))
                    .of("auth0|6f1\"x");

            JsonObject json = Json.createReader(new StringReader(hint)).readObject();
            assertThat(json.getString("format")).isEqualTo("iss_sub");
            assertThat(json.getString("iss")).isEqualTo("https://tenant.eu.auth0.com/");
            assertThat(json.getString("sub")).isEqualTo("auth0|6f1\"x");
        }

        @Test
        void refusesToStartWithIssSubButNoIssuer() {
            assertThatThrownBy(() -> hints(LoginHintFormat.iss_sub, Optional.empty()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("login-hint-issuer");
        }
    }
}
