package dev.countersign.provider;

import dev.countersign.common.OAuthException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code scope} parameter of a token request (RFC 6749 §3.3), parsed strictly. */
final class ScopeValues {
    static final String SCOPE = "scope";
    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by single spaces. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private ScopeValues() {}

    /** The distinct scope tokens, in order; {@code invalid_scope} when the value is malformed. */
    static Set<String> parse(String raw) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String token : raw.split(" ", -1)) {
            if (!SCOPE_TOKEN.matcher(token).matches()) {
                throw OAuthException.invalidScope("scope is malformed (RFC 6749 §3.3)");
            }
            scopes.add(token);
        }
        return scopes;
    }

    /** A scope token fit to repeat in an error description. */
    static String printable(String scope) {
        return scope.length() <= 40 ? scope : scope.substring(0, 40) + "…";
    }
}
