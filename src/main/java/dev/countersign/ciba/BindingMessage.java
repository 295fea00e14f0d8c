package dev.countersign.ciba;

import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import dev.countersign.common.VisibleCharacters;

/**
 * A {@code binding_message} (CIBA Core 1.0 §7.1): a short human text shown both by the agent and on
 * the user's device. The policy lets an agent say something human, in any script: letters, marks,
 * digits, spaces, punctuation and symbols (currency signs, emoji) are allowed; control characters,
 * invisible format characters (including bidirectional overrides that could disguise the text), line
 * separators, private-use and unassigned code points are refused, as is a message longer than the
 * configured maximum in code points. A refused message is {@code invalid_binding_message} (§13).
 */
public record BindingMessage(String value) {

    public static BindingMessage parse(String raw, int maxCodePoints) {
        int length = raw.codePointCount(0, raw.length());
        if (length > maxCodePoints) {
            throw OAuthException.of(
                    OAuthError.INVALID_BINDING_MESSAGE,
                    "binding_message is longer than " + maxCodePoints + " characters");
        }
        if (raw.isBlank()) {
            throw OAuthException.of(OAuthError.INVALID_BINDING_MESSAGE, "binding_message is blank");
        }
        raw.codePoints().forEach(BindingMessage::requireDisplayable);
        return new BindingMessage(raw);
    }

    private static void requireDisplayable(int codePoint) {
        if (!VisibleCharacters.isVisible(codePoint)) {
            throw OAuthException.of(
                    OAuthError.INVALID_BINDING_MESSAGE,
                    String.format("binding_message contains a character that cannot be shown (U+%04X)", codePoint));
        }
    }
}
