package dev.countersign.account;

import dev.countersign.common.ProblemException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules a new user's attributes must meet. Passwords follow NIST SP 800-63B §5.1.1.2: at least
 * 12 and at most 1024 characters (Unicode code points), any characters, no composition rules, and
 * not the username itself. Each rule throws a 400 problem naming the attribute and the rule.
 */
final class UserRules {
    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 1024;
    static final int MAX_USERNAME = 100;
    static final int MAX_EMAIL = 320;
    static final int MAX_NAME = 200;
    static final int MAX_PASSKEY_NAME = 60;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1," + MAX_USERNAME + "}");
    // A plausible address: one @, a local part of visible characters, a dotted domain of labels.
    private static final Pattern EMAIL = Pattern.compile(
            "[\\p{Graph}&&[^@\"(),:;<>\\[\\\\\\]]]{1,64}@(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    private UserRules() {}

    // username (REQUIRED)
    static String username(String username) {
        if (username == null || username.isEmpty()) {
            throw ProblemException.badRequest("username is required");
        }
        if (!USERNAME.matcher(username).matches()) {
            throw ProblemException.badRequest(
                    "username must be 1 to " + MAX_USERNAME + " characters of letters A-Z, digits and . _ @ + -");
        }
        return username;
    }

    // email (OPTIONAL)
    static Optional<String> email(String email) {
        if (email == null || email.isEmpty()) {
            return Optional.empty();
        }
        if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            throw ProblemException.badRequest(
                    "email must be an e-mail address such as ada@example.com, at most " + MAX_EMAIL + " characters");
        }
        return Optional.of(email);
    }

    // name (OPTIONAL)
    static Optional<String> name(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        if (name.length() > MAX_NAME) {
            throw ProblemException.badRequest("name must be at most " + MAX_NAME + " characters");
        }
        if (name.codePoints().anyMatch(UserRules::isControl) || name.isBlank()) {
            throw ProblemException.badRequest(
                    "name must not be blank or contain control characters or unpaired surrogates");
        }
        return Optional.of(name);
    }

    // a passkey's name (REQUIRED): shown in lists, so the same rules as a display name
    static String passkeyName(String name) {
        if (name == null || name.isBlank()) {
            throw ProblemException.badRequest("name is required");
        }
        if (name.length() > MAX_PASSKEY_NAME || name.codePoints().anyMatch(UserRules::isControl)) {
            throw ProblemException.badRequest("name must be at most " + MAX_PASSKEY_NAME
                    + " characters without control characters or unpaired surrogates");
        }
        return name.strip();
    }

    // password (REQUIRED)
    static String password(String password, String username) {
        if (password == null || password.isEmpty()) {
            throw ProblemException.badRequest("password is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            throw ProblemException.badRequest(
                    "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
        }
        if (password.equalsIgnoreCase(username)) {
            throw ProblemException.badRequest("password must not be the username");
        }
        return password;
    }

    /** The case-insensitive form under which usernames and e-mail addresses are unique. */
    static String key(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    private static boolean isControl(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL
                || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || codePoint == 0x200E
                || codePoint == 0x200F
                || (codePoint >= 0x202A && codePoint <= 0x202E)
                || (codePoint >= 0x2066 && codePoint <= 0x2069);
    }
}
