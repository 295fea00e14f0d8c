package dev.countersign.provider;

import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.TreeSet;

/**
 * The grant types of the token endpoint (RFC 6749 §4.5): the CIBA grant, which is this provider's
 * reason to exist, and whatever other {@link GrantHandler} beans serve. Chooses the handler for a
 * token request in the order RFC 6749 §5.2 implies.
 */
@Singleton
public class Grants {
    public static final String GRANT_TYPE = "grant_type";

    private final Instance<GrantHandler> handlers;

    public Grants(Instance<GrantHandler> handlers) {
        this.handlers = handlers;
    }

    /** The grant types a client may register and discovery advertises. */
    public Set<String> supported() {
        Set<String> supported = new TreeSet<>();
        supported.add(Client.CIBA_GRANT);
        handlers.forEach(h -> supported.add(h.grantType()));
        return supported;
    }

    /**
     * The handler for an authenticated client's request. Order: {@code grant_type} missing →
     * {@code invalid_request}; no handler serves it → {@code unsupported_grant_type}; the client is not
     * registered for it → {@code unauthorized_client}.
     */
    public GrantHandler handlerFor(Client client, FormParameters form) {
        // grant_type (REQUIRED), RFC 6749 §4.5
        String grantType =
                form.get(GRANT_TYPE).orElseThrow(() -> OAuthException.invalidRequest("grant_type is required"));
        GrantHandler handler = handlers.stream()
                .filter(h -> h.grantType().equals(grantType))
                .findFirst()
                .orElseThrow(() -> OAuthException.of(
                        OAuthError.UNSUPPORTED_GRANT_TYPE, "this grant_type is not supported by this server"));
        if (!client.mayUseGrant(grantType)) {
            throw OAuthException.unauthorizedClient("the client is not registered for this grant_type");
        }
        return handler;
    }
}
