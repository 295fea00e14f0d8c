package dev.countersign.ciba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import dev.countersign.provider.Client;
import dev.countersign.provider.ClientSigning;
import dev.countersign.provider.TokenDeliveryMode;
import dev.countersign.provider.TokenEndpointAuthMethod;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The parameter rules of CIBA Core 1.0 §7.1 and §7.2, checked on the validator alone; the same
 * rules are proved over HTTP in BackchannelAuthenticationEndpointTest.
 */
class BackchannelRequestValidatorTest {
    static final Client CLIENT = new Client(
            "agent-1",
            "Payments agent",
            TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
            Set.of(Client.CIBA_GRANT),
            Set.of("openid", "profile", "payments"),
            TokenDeliveryMode.POLL,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Set.of("payment_initiation"),
            ClientSigning.NONE,
            Instant.EPOCH);

    /** Knows one user, "alice" (sub "sub-alice"), by username or sub. */
    static final UserHints HINTS = new UserHints() {
        @Override
        public Optional<String> fromLoginHint(String loginHint) {
            return Set.of("alice", "sub-alice").contains(loginHint) ? Optional.of("sub-alice") : Optional.empty();
        }

        @Override
        public Optional<String> fromIdTokenHint(String idTokenHint, Client client) {
            return Optional.empty();
        }
    };

    /** The real mapping with its defaults: 5 min default expiry, 10 min maximum, 5 s interval. */
    static final CibaConfig CONFIG =
            new SmallRyeConfigBuilder().withMapping(CibaConfig.class).build().getConfigMapping(CibaConfig.class);

    private final BackchannelRequestValidator validator =
            new BackchannelRequestValidator(CONFIG, HINTS, new AuthorizationDetailsValidator());

    private static FormParameters form(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        String body = map.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return FormParameters.parse(body.getBytes(StandardCharsets.US_ASCII));
    }

    private void assertError(OAuthError expected, Client client, FormParameters form) {
        assertThatThrownBy(() -> validator.validate(client, form))
                .isInstanceOfSatisfying(
                        OAuthException.class, e -> assertThat(e.error()).isEqualTo(expected));
    }

    private void assertError(OAuthError expected, FormParameters form) {
        assertError(expected, CLIENT, form);
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.1 scope")
    class Scope {
        @Test
        void requiresScope() {
            assertError(OAuthError.INVALID_REQUEST, form("login_hint", "alice"));
        }

        @Test
        void requiresTheOpenidScopeValue() {
            assertError(OAuthError.INVALID_SCOPE, form("scope", "payments", "login_hint", "alice"));
        }

        @Test
        void refusesAScopeTheClientIsNotRegisteredFor() {
            assertError(OAuthError.INVALID_SCOPE, form("scope", "openid admin", "login_hint", "alice"));
        }

        @Test
        void refusesAMalformedScope() {
            assertError(OAuthError.INVALID_SCOPE, form("scope", "openid  payments", "login_hint", "alice"));
            assertError(OAuthError.INVALID_SCOPE, form("scope", "openid \"x\"", "login_hint", "alice"));
        }

        @Test
        void acceptsRegisteredScopes() {
            BackchannelRequest r = validator.validate(CLIENT, form("scope", "openid payments", "login_hint", "alice"));
            assertThat(r.scopes()).containsExactly("openid", "payments");
            assertThat(r.userSub()).isEqualTo("sub-alice");
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.1 hints: exactly one of login_hint_token, id_token_hint, login_hint")
    class Hints {
        @Test
        void rejectsNoHint() {
            assertError(OAuthError.INVALID_REQUEST, form("scope", "openid"));
        }

        @Test
        void rejectsMoreThanOneUserHint() {
            assertError(
                    OAuthError.INVALID_REQUEST,
                    form("scope", "openid", "login_hint", "alice", "id_token_hint", "x.y.z"));
        }

        @Test
        void rejectsLoginHintTokenAsUnsupported() {
            assertError(OAuthError.INVALID_REQUEST, form("scope", "openid", "login_hint_token", "opaque"));
        }

        @Test
        void answersUnknownUserIdForAHintThatNamesNobody() {
            assertError(OAuthError.UNKNOWN_USER_ID, form("scope", "openid", "login_hint", "mallory"));
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.1 optional parameters")
    class Optional_ {
        @Test
        void requestedExpiryMustBeAPositiveInteger() {
            for (String bad : new String[] {"0", "-5", "1.5", "abc", " 60", "99999999999999999999"}) {
                assertError(
                        OAuthError.INVALID_REQUEST,
                        form("scope", "openid", "login_hint", "alice", "requested_expiry", bad));
            }
        }

        @Test
        void requestedExpiryAboveTheMaximumIsCapped() {
            BackchannelRequest r = validator.validate(
                    CLIENT, form("scope", "openid", "login_hint", "alice", "requested_expiry", "3600"));
            assertThat(r.lifetime(CONFIG)).isEqualTo(Duration.ofMinutes(10));
        }

        @Test
        void requestedExpiryWithinBoundsIsHonoured() {
            BackchannelRequest r = validator.validate(
                    CLIENT, form("scope", "openid", "login_hint", "alice", "requested_expiry", "120"));
            assertThat(r.lifetime(CONFIG)).isEqualTo(Duration.ofSeconds(120));
        }

        @Test
        void invalidBindingMessageIsRefusedWithItsOwnError() {
            assertError(
                    OAuthError.INVALID_BINDING_MESSAGE,
                    form("scope", "openid", "login_hint", "alice", "binding_message", "a\nb"));
        }

        @Test
        void requestNestedInsideASignedRequestIsRefused() {
            assertError(OAuthError.INVALID_REQUEST, form("request", "eyJhbGciOiJub25lIn0.e30."));
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §13 unauthorized_client")
    class Unauthorized {
        @Test
        void refusesAClientNotRegisteredForTheCibaGrant() {
            Client other = new Client(
                    "x",
                    "x",
                    TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
                    Set.of("client_credentials"),
                    Set.of("openid"),
                    TokenDeliveryMode.POLL,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Set.of(),
                    ClientSigning.NONE,
                    Instant.EPOCH);
            assertError(OAuthError.UNAUTHORIZED_CLIENT, other, form("scope", "openid", "login_hint", "alice"));
        }
    }
}
