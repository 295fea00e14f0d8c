package dev.countersign.common;

/**
 * Which characters may be shown to a user as they are: letters, marks, digits, spaces, punctuation
 * and symbols. Control, invisible format (bidirectional overrides, zero-width), line and paragraph
 * separator, private-use, surrogate and unassigned code points are not.
 */
public final class VisibleCharacters {
    private VisibleCharacters() {}

    public static boolean isVisible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.PRIVATE_USE,
                    Character.SURROGATE,
                    Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
