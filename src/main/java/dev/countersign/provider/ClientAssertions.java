package dev.countersign.provider;

import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import dev.countersign.common.ServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Client authentication with a JWT assertion (RFC 7521 §4.2, RFC 7523 §2.2 and §3, OIDC Core §9):
 * {@code private_key_jwt} (signed with a key from the client's {@code jwks} or {@code jwks_uri}) and
 * {@code client_secret_jwt} (an HMAC keyed by the client secret). Every failure is {@code
 * invalid_client} (RFC 7523 §3.2: "The value of the "error" parameter MUST be the "invalid_client"
 * error code").
 */
@ApplicationScoped
public class ClientAssertions {
    public static final String CLIENT_ASSERTION_TYPE = "client_assertion_type";
    /** RFC 7523 §2.2. */
    public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static final String FAILED = "client authentication failed";

    private final Clients clients;
    private final ClientJwtVerifier verifier;
    private final ClientSecretCipher secrets;
    private final ServiceConfig service;
    private final ProviderConfig config;

    public ClientAssertions(
            Clients clients,
            ClientJwtVerifier verifier,
            ClientSecretCipher secrets,
            ServiceConfig service,
            ProviderConfig config) {
        this.clients = clients;
        this.verifier = verifier;
        this.secrets = secrets;
        this.service = service;
        this.config = config;
    }

    /** The client the request's {@code client_assertion} authenticates. */
    public Client authenticate(FormParameters form) {
        // RFC 7521 §4.2 client_assertion_type: REQUIRED; RFC 7523 §2.2: its value "MUST be
        // urn:ietf:params:oauth:client-assertion-type:jwt-bearer".
        if (!form.get(CLIENT_ASSERTION_TYPE).map(JWT_BEARER::equals).orElse(false)) {
            throw OAuthException.invalidClient("client_assertion_type must be " + JWT_BEARER);
        }
        // RFC 7521 §4.2 client_assertion: REQUIRED.
        String assertion = form.get(ClientAuthentication.CLIENT_ASSERTION)
                .orElseThrow(() -> OAuthException.invalidClient("client_assertion is required"));
        ClientJwt jwt = ClientJwt.parse(assertion, OAuthError.INVALID_CLIENT);
        String clientId = jwt.unverifiedSubject().orElseThrow(() -> OAuthException.invalidClient("sub is required"));
        // RFC 7521 §4.2 client_id: "If present, the value of the "client_id" parameter MUST identify
        // the same client as is identified by the client assertion."
        if (form.get(ClientAuthentication.CLIENT_ID)
                .filter(id -> !id.equals(clientId))
                .isPresent()) {
            throw OAuthException.invalidClient("client_id differs from the client of the assertion");
        }
        StoredClient stored = clients.stored(clientId).orElseThrow(() -> OAuthException.invalidClient(FAILED));
        Client client = stored.client();
        if (!client.authMethod().usesAssertion()) {
            throw OAuthException.invalidClient(
                    "the client must authenticate with " + client.authMethod().wire());
        }
        verifier.verify(client, jwt, rules(client), secret(client, stored));
        return client;
    }

    private JwtRules rules(Client client) {
        boolean secretJwt = client.authMethod() == TokenEndpointAuthMethod.CLIENT_SECRET_JWT;
        Set<JwsAlgorithm> algorithms = client.signing()
                .tokenEndpointAuth()
                .map(alg -> (Set<JwsAlgorithm>) EnumSet.of(alg))
                .orElseGet(() -> EnumSet.copyOf(secretJwt ? JwsAlgorithm.symmetric() : JwsAlgorithm.asymmetric()));
        return new JwtRules(
                algorithms,
                audiences(),
                true,
                false,
                config.clientAuth().assertionMaxLifetime(),
                OAuthError.INVALID_CLIENT);
    }

    /**
     * OIDC Core §9 aud: "Value that identifies the Authorization Server as an intended audience."
     * CIBA Core 1.0 §7.1: "the OP MUST accept its Issuer Identifier, Token Endpoint URL, or Backchannel
     * Authentication Endpoint URL as values that identify it as an intended audience."
     */
    Set<String> audiences() {
        return Set.of(service.issuer().toString(), service.endpoint("/token"), service.endpoint("/bc-authorize"));
    }

    private Optional<byte[]> secret(Client client, StoredClient stored) {
        if (client.authMethod() != TokenEndpointAuthMethod.CLIENT_SECRET_JWT || stored.secretEncrypted() == null) {
            return Optional.empty();
        }
        return Optional.of(secrets.decrypt(client.clientId(), stored.secretEncrypted()));
    }
}
