package dev.countersign.provider;

/**
 * Which text is safe to show a person as a label (a client name, a type): no control characters
 * (Unicode Cc), no unpaired surrogates and no bidirectional overrides or isolates (Unicode TR #9),
 * which could make a label read as something it is not.
 */
final class TextRules {
    private TextRules() {}

    static boolean isDisplaySafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || isBidiControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBidiControl(char c) {
        return c == '\u061C'
                || c == '\u200E'
                || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
