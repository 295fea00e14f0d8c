package dev.countersign.ciba;

import dev.countersign.provider.Client;
import java.util.Optional;

/**
 * Resolves the hints of CIBA Core 1.0 §7.1 to the subject of a known user. Implemented by
 * {@link DirectoryUserHints}; an interface so that the validator is testable on its own.
 */
public interface UserHints {
    /** A {@code login_hint}: a username, an e-mail address, a sub, or a JSON subject identifier. */
    Optional<String> fromLoginHint(String loginHint);

    /** An {@code id_token_hint}: an ID token this provider issued to this client, expired or not. */
    Optional<String> fromIdTokenHint(String idTokenHint, Client client);
}
