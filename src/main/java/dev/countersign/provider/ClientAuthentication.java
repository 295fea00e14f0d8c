package dev.countersign.provider;

import dev.countersign.common.CallerContext;
import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import dev.countersign.common.SecretHasher;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Authenticates the client of a token, backchannel (or any other protocol) request, the one way in
 * for every endpoint: {@code client_secret_basic} (RFC 6749 §2.3.1, id and secret form-urlencoded
 * inside the Basic credentials), {@code client_secret_post} (the {@code client_id} and {@code
 * client_secret} form parameters), or a JWT assertion, {@code private_key_jwt} or {@code
 * client_secret_jwt} (the {@code client_assertion_type} and {@code client_assertion} parameters,
 * RFC 7521 §4.2, checked by {@link ClientAssertions}). Order: more than one method → {@code
 * invalid_request}; no method, malformed credentials, unknown client, wrong secret, an invalid
 * assertion or a method other than the registered one → {@code invalid_client}. A secret is hashed
 * and compared in constant time whether or not the client exists.
 */
@ApplicationScoped
public class ClientAuthentication {
    public static final String CLIENT_ID = "client_id";
    public static final String CLIENT_SECRET = "client_secret";
    public static final String CLIENT_ASSERTION = "client_assertion";
    private static final String FAILED = "client authentication failed";
    private static final int MAX_SECRET = 512;

    private final Clients clients;
    private final SecretHasher hasher;
    private final CallerContext caller;
    private final ClientAssertions assertions;

    public ClientAuthentication(
            Clients clients, SecretHasher hasher, CallerContext caller, ClientAssertions assertions) {
        this.clients = clients;
        this.hasher = hasher;
        this.caller = caller;
        this.assertions = assertions;
    }

    public Client authenticate(String authorizationHeader, FormParameters form) {
        if (usesAssertion(authorizationHeader, form)) {
            Client client = assertions.authenticate(form);
            caller.clientAuthenticated(client.clientId());
            return client;
        }
        Credentials credentials = credentials(authorizationHeader, form);
        Optional<StoredClient> stored = clients.stored(credentials.clientId());
        // Same hashing and comparison for an unknown client: timing does not reveal which ids exist.
        boolean secretMatches = hasher.matches(
                credentials.secret(), stored.map(StoredClient::secretHash).orElse(null));
        if (stored.isEmpty() || !secretMatches) {
            throw OAuthException.invalidClient(FAILED);
        }
        Client client = stored.get().client();
        if (client.authMethod() != credentials.method()) {
            throw OAuthException.invalidClient(
                    "the client must authenticate with " + client.authMethod().wire());
        }
        caller.clientAuthenticated(client.clientId());
        return client;
    }

    /**
     * The client, when its authentication writes nothing (a client secret, not an assertion whose
     * {@code jti} must be recorded as used); empty when it would write. Failures are the same as
     * {@link #authenticate}'s.
     */
    public Optional<Client> authenticateWithoutWriting(String authorizationHeader, FormParameters form) {
        if (usesAssertion(authorizationHeader, form)) {
            return Optional.empty();
        }
        return Optional.of(authenticate(authorizationHeader, form));
    }

    /** Whether the request authenticates with an assertion; refuses more than one method. */
    private static boolean usesAssertion(String authorizationHeader, FormParameters form) {
        boolean header = authorizationHeader != null;
        boolean post = form.has(CLIENT_SECRET);
        boolean assertion = form.has(CLIENT_ASSERTION) || form.has(ClientAssertions.CLIENT_ASSERTION_TYPE);
        // RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
        if ((header ? 1 : 0) + (post ? 1 : 0) + (assertion ? 1 : 0) > 1) {
            throw OAuthException.invalidRequest("more than one client authentication method was used");
        }
        return assertion;
    }

    private static Credentials credentials(String authorizationHeader, FormParameters form) {
        boolean header = authorizationHeader != null;
        boolean post = form.has(CLIENT_SECRET);
        if (header) {
            Credentials basic = basic(authorizationHeader);
            Optional<String> bodyId = form.get(CLIENT_ID);
            if (bodyId.isPresent() && !bodyId.get().equals(basic.clientId())) {
                throw OAuthException.invalidRequest("client_id differs from the client in the Authorization header");
            }
            return basic;
        }
        if (post) {
            String clientId = form.get(CLIENT_ID).orElseThrow(() -> OAuthException.invalidClient(FAILED));
            return new Credentials(
                    clientId,
                    bounded(form.get(CLIENT_SECRET).orElseThrow()),
                    TokenEndpointAuthMethod.CLIENT_SECRET_POST);
        }
        throw OAuthException.invalidClient("client authentication is required");
    }

    /** RFC 7617 Basic credentials whose parts are form-urlencoded (RFC 6749 §2.3.1). */
    private static Credentials basic(String header) {
        if (header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw OAuthException.invalidClient("the Authorization header must use the Basic scheme");
        }
        try {
            String decoded =
                    new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw OAuthException.invalidClient("the Basic credentials are malformed");
            }
            String clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            if (secret.isEmpty()) {
                throw OAuthException.invalidClient(FAILED);
            }
            return new Credentials(clientId, bounded(secret), TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidClient("the Basic credentials are malformed");
        }
    }

    private static String bounded(String secret) {
        // A longer value cannot be a secret this server issued; hash a bounded prefix instead.
        return secret.length() > MAX_SECRET ? secret.substring(0, MAX_SECRET) : secret;
    }

    private record Credentials(String clientId, String secret, TokenEndpointAuthMethod method) {
        @Override
        public String toString() {
            return "Credentials[" + clientId + ", " + method + "]";
        }
    }
}
