package dev.countersign.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes a {@code binding_message} (CIBA Core 1.0 §7.1) one the configured provider accepts, so a
 * run is never refused for its wording. Providers restrict the message: Keycloak to
 * {@code ^[a-zA-Z0-9-._+/!?#]{1,50}$}, node-oidc-provider to the same set and 20 characters, Auth0
 * to 64 characters.
 *
 * <p>The rule, in order: every run of characters outside {@code allowed-characters} becomes one
 * {@code -} (or disappears when {@code -} is not allowed itself); leading and trailing {@code -}
 * go; the rest is cut to {@code max-length} characters, without a trailing {@code -}. A message
 * with nothing left is not sent. "Pay 42.00 EUR to Bob Smith" becomes
 * {@code Pay-42.00-EUR-to-Bob-Smith}, and with at most 20 characters {@code Pay-42.00-EUR-to-Bob}.
 */
@ApplicationScoped
public class BindingMessagePolicy {
    private final int maxLength;
    private final Pattern allowed;
    private final boolean dashAllowed;

    @Inject
    public BindingMessagePolicy(RuntimeConfig config) {
        this(config.bindingMessage().maxLength(), config.bindingMessage().allowedCharacters());
    }

    /** A policy with these limits; {@code allowedCharacters} is a regex matching one character. */
    public BindingMessagePolicy(int maxLength, String allowedCharacters) {
        this.maxLength = maxLength;
        this.allowed = Pattern.compile(allowedCharacters);
        this.dashAllowed = allowed.matcher("-").matches();
    }

    /** The message as the provider will accept it, or empty when nothing of it is left. */
    public Optional<String> apply(String message) {
        StringBuilder cleaned = new StringBuilder();
        boolean replacing = false;
        for (int i = 0; i < message.length(); ) {
            int codePoint = message.codePointAt(i);
            String character = new String(Character.toChars(codePoint));
            if (allowed.matcher(character).matches()) {
                cleaned.append(character);
                replacing = false;
            } else if (dashAllowed && !replacing) {
                cleaned.append('-');
                replacing = true;
            }
            i += Character.charCount(codePoint);
        }
        String result = trimDashes(cleaned.toString());
        if (result.codePointCount(0, result.length()) > maxLength) {
            result = trimDashes(result.substring(0, result.offsetByCodePoints(0, maxLength)));
        }
        return result.isEmpty() ? Optional.empty() : Optional.of(result);
    }

    private static String trimDashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        return text.substring(start, end);
    }
}
