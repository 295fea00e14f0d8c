package dev.countersign.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.common.ProblemException;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserRulesTest {

    @Nested
    @DisplayName("username: 1 to 100 characters of A-Z a-z 0-9 . _ @ + -")
    class Username {
        @ParameterizedTest
        @ValueSource(strings = {"a", "ada", "Ada.Lovelace", "ada_l+ciba@example.com", "x-1"})
        void acceptsTheAllowedCharacters(String username) {
            assertEquals(username, UserRules.username(username));
        }

        @ParameterizedTest
        @ValueSource(strings = {"ada lovelace", "ådå", "ada\u0000", "ada\n", "<script>", "ada/..", "ada;drop"})
        void rejectsOtherCharacters(String username) {
            assertEquals(
                    400,
                    assertThrows(ProblemException.class, () -> UserRules.username(username))
                            .status());
        }

        @Test
        void rejectsMissingAndOverlongUsernames() {
            assertThrows(ProblemException.class, () -> UserRules.username(null));
            assertThrows(ProblemException.class, () -> UserRules.username(""));
            UserRules.username("a".repeat(100));
            assertThrows(ProblemException.class, () -> UserRules.username("a".repeat(101)));
        }

        @Test
        void comparesUsernamesIgnoringCase() {
            assertEquals(UserRules.key("Ada.Lovelace"), UserRules.key("ada.lovelace"));
        }
    }

    @Nested
    @DisplayName("email: optional, a plausible address of at most 320 characters")
    class Email {
        @ParameterizedTest
        @ValueSource(strings = {"ada@example.com", "a.b+c@sub.example.co.uk", "x@a-b.io"})
        void acceptsPlausibleAddresses(String email) {
            assertEquals(Optional.of(email), UserRules.email(email));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "ada",
                    "ada@",
                    "@example.com",
                    "ada@example",
                    "ada@@example.com",
                    "a da@example.com",
                    "ada@exa mple.com",
                    "ada@example.com\n",
                    "ada@-example.com",
                    "\"ada\"@example.com"
                })
        void rejectsImplausibleAddresses(String email) {
            assertThrows(ProblemException.class, () -> UserRules.email(email));
        }

        @Test
        void treatsAnAbsentOrEmptyAddressAsNone() {
            assertTrue(UserRules.email(null).isEmpty());
            assertTrue(UserRules.email("").isEmpty());
        }

        @Test
        void rejectsAnAddressLongerThan320Characters() {
            String longLocal = "a".repeat(64) + "@" + ("b".repeat(60) + ".").repeat(5) + "com";
            assertThrows(ProblemException.class, () -> UserRules.email(longLocal));
        }
    }

    @Nested
    @DisplayName("name: optional, at most 200 characters, no control characters")
    class Name {
        @Test
        void acceptsNamesInAnyScript() {
            assertEquals(Optional.of("Ada Lovelace"), UserRules.name("Ada Lovelace"));
            assertEquals(Optional.of("Мария Кюри 居里"), UserRules.name("Мария Кюри 居里"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Ada\nLovelace", "Ada\u0000", "Ada\u202eecalevoL", "Ada\u2028", "   ", "\ud800x"})
        void rejectsControlCharactersBidiOverridesAndBlankNames(String name) {
            assertThrows(ProblemException.class, () -> UserRules.name(name));
        }

        @Test
        void rejectsNamesLongerThan200Characters() {
            UserRules.name("n".repeat(200));
            assertThrows(ProblemException.class, () -> UserRules.name("n".repeat(201)));
        }
    }

    @Nested
    @DisplayName("NIST SP 800-63B §5.1.1.2 password: 12 to 1024 characters, no composition rules")
    class Password {
        @Test
        void acceptsLongPassphrasesWithoutCompositionRules() {
            assertEquals("all lower case words", UserRules.password("all lower case words", "ada"));
        }

        @Test
        void countsUnicodeCharactersNotBytes() {
            String twelveEmoji = "🔐".repeat(12);
            assertEquals(twelveEmoji, UserRules.password(twelveEmoji, "ada"));
            assertThrows(ProblemException.class, () -> UserRules.password("🔐".repeat(11), "ada"));
        }

        @Test
        void rejectsPasswordsShorterThan12OrLongerThan1024Characters() {
            assertThrows(ProblemException.class, () -> UserRules.password("elevenchars", "ada"));
            UserRules.password("x".repeat(1024), "ada");
            assertThrows(ProblemException.class, () -> UserRules.password("x".repeat(1025), "ada"));
            assertThrows(ProblemException.class, () -> UserRules.password(null, "ada"));
        }

        @Test
        void rejectsThePasswordThatIsTheUsername() {
            assertThrows(ProblemException.class, () -> UserRules.password("Ada.Lovelace1", "ada.lovelace1"));
        }
    }
}
