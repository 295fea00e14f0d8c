package dev.countersign.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BindingMessagePolicyTest {
    private static final String KEYCLOAK_CHARACTERS = "[A-Za-z0-9._+/!?#-]";

    @Nested
    @DisplayName("CIBA Core 1.0 §7.1 binding_message: made acceptable to the provider, never refused")
    class Cleaning {
        private final BindingMessagePolicy keycloak = new BindingMessagePolicy(50, KEYCLOAK_CHARACTERS);

        @Test
        void keepsAMessageThePolicyAlreadyAccepts() {
            assertThat(keycloak.apply("Pay-42.00-EUR")).contains("Pay-42.00-EUR");
        }

        @Test
        void replacesEachRunOfRefusedCharactersWithOneDash() {
            assertThat(keycloak.apply("Pay 42.00 EUR  to Bob Smith")).contains("Pay-42.00-EUR-to-Bob-Smith");
        }

        @Test
        void replacesCharactersOutsideAsciiAndTrimsDashesAtTheEnds() {
            assertThat(keycloak.apply(" Zahle 42,00 € an Jürgen ")).contains("Zahle-42-00-an-J-rgen");
        }

        @Test
        void dropsRefusedCharactersWhenTheDashIsRefusedToo() {
            assertThat(new BindingMessagePolicy(50, "[A-Za-z0-9]").apply("Pay 42 EUR"))
                    .contains("Pay42EUR");
        }

        @Test
        void sendsNothingWhenNothingIsLeft() {
            assertThat(keycloak.apply("€ € €")).isEqualTo(Optional.empty());
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.1 binding_message: shortened to the provider's length")
    class Shortening {
        @Test
        void cutsToNodeOidcProvidersTwentyCharacters() {
            assertThat(new BindingMessagePolicy(20, KEYCLOAK_CHARACTERS).apply("Pay 42.00 EUR to Bob Smith"))
                    .contains("Pay-42.00-EUR-to-Bob");
        }

        @Test
        void neverEndsOnADashAfterCutting() {
            assertThat(new BindingMessagePolicy(4, KEYCLOAK_CHARACTERS).apply("Pay 42"))
                    .contains("Pay");
        }

        @Test
        void countsCharactersNotUtf16Units() {
            assertThat(new BindingMessagePolicy(3, ".").apply("😀😀😀😀")).contains("😀😀😀");
        }

        @Test
        void keepsAuth0sSixtyFourCharactersWithSpaces() {
            BindingMessagePolicy auth0 = new BindingMessagePolicy(64, ".");
            assertThat(auth0.apply("Pay 42.00 EUR to Bob Smith")).contains("Pay 42.00 EUR to Bob Smith");
        }
    }
}
