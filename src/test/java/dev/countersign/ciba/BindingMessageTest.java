package dev.countersign.ciba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("CIBA Core 1.0 §7.1 binding_message policy")
class BindingMessageTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Approve purchase of 42 EUR",
                "Pay €42.00 to Bob Smith",
                "Überweisung 12,50 € an Zoë",
                "支付 42 元给 李雷",
                "دفع 42 دولار",
                "Code 7392 ✅",
                "W4X-9PQ"
            })
    void acceptsHumanTextInAnyScript(String message) {
        assertThat(BindingMessage.parse(message, 120).value()).isEqualTo(message);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "line\nbreak",
                "tab\there",
                "bell\u0007",
                "right-to-left \u202Eoverride",
                "zero\u200Bwidth",
                "line\u2028separator",
                "private \uE000 use"
            })
    void refusesCharactersThatCannotBeShownHonestly(String message) {
        assertThatThrownBy(() -> BindingMessage.parse(message, 120))
                .isInstanceOfSatisfying(
                        OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_BINDING_MESSAGE));
    }

    @Test
    void countsCodePointsNotUtf16Units() {
        String fiveEmoji = "😀😀😀😀😀";
        assertThat(BindingMessage.parse(fiveEmoji, 5).value()).isEqualTo(fiveEmoji);
        assertThatThrownBy(() -> BindingMessage.parse(fiveEmoji + "😀", 5))
                .isInstanceOfSatisfying(
                        OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_BINDING_MESSAGE));
    }

    @Test
    void refusesABlankMessage() {
        assertThatThrownBy(() -> BindingMessage.parse("   ", 120)).isInstanceOf(OAuthException.class);
    }
}
