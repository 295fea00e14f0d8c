package dev.countersign.ciba;

import static dev.countersign.ciba.CibaParameters.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import dev.countersign.common.ServiceConfig;
import dev.countersign.provider.Client;
import dev.countersign.provider.ClientJwt;
import dev.countersign.provider.ClientJwtVerifier;
import dev.countersign.provider.JwsAlgorithm;
import dev.countersign.provider.JwtRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Signed authentication requests (CIBA Core 1.0 §7.1.1): the {@code request} parameter carries a JWS
 * whose claims are the authentication request parameters. A client that registered {@code
 * backchannel_authentication_request_signing_alg} must sign every request with that algorithm; a
 * client that did not "will not send signed authentication requests" (§4). Every failure is {@code
 * invalid_request} (§13: the request "includes an invalid parameter value ... or is otherwise
 * malformed").
 */
@ApplicationScoped
public class SignedAuthenticationRequests {
    /** The §7.1 authentication request parameters, which "MUST NOT be present outside of the JWT". */
    static final List<String> AUTHENTICATION_REQUEST_PARAMETERS = List.of(
            SCOPE,
            CLIENT_NOTIFICATION_TOKEN,
            ACR_VALUES,
            LOGIN_HINT_TOKEN,
            ID_TOKEN_HINT,
            LOGIN_HINT,
            BINDING_MESSAGE,
            USER_CODE,
            REQUESTED_EXPIRY,
            AUTHORIZATION_DETAILS);
    /** The JWT's own claims (§7.1.1), not authentication request parameters. */
    private static final Set<String> JWT_CLAIMS = Set.of("iss", "aud", "exp", "iat", "nbf", "jti");

    private final ClientJwtVerifier verifier;
    private final ServiceConfig service;
    private final CibaConfig config;
    private final ObjectMapper json;

    public SignedAuthenticationRequests(
            ClientJwtVerifier verifier, ServiceConfig service, CibaConfig config, ObjectMapper json) {
        this.verifier = verifier;
        this.service = service;
        this.config = config;
        this.json = json;
    }

    /** The authentication request parameters: the verified claims of {@code request}, or the form itself. */
    public FormParameters parameters(Client client, FormParameters form) {
        Optional<JwsAlgorithm> alg = client.signing().backchannelRequest();
        Optional<String> request = form.get(REQUEST);
        if (request.isEmpty()) {
            if (alg.isPresent()) {
                throw OAuthException.invalidRequest(
                        "the client registered backchannel_authentication_request_signing_alg,"
                                + " so its authentication requests must be signed (request)");
            }
            return form;
        }
        if (alg.isEmpty()) {
            // §4: "When omitted, the Client will not send signed authentication requests."
            throw OAuthException.invalidRequest(
                    "the client registered no backchannel_authentication_request_signing_alg for signed requests");
        }
        rejectParametersOutsideTheJwt(form);
        ClientJwt jwt = ClientJwt.parse(request.get(), OAuthError.INVALID_REQUEST);
        return FormParameters.of(asParameters(verifier.verify(client, jwt, rules(alg.get()), Optional.empty())));
    }

    // §7.1.1: "Authentication request parameters MUST NOT be present outside of the JWT, in
    // particular they MUST NOT appear as HTTP request parameters."
    private static void rejectParametersOutsideTheJwt(FormParameters form) {
        for (String name : AUTHENTICATION_REQUEST_PARAMETERS) {
            if (form.has(name)) {
                throw OAuthException.invalidRequest(
                        name + " must be a claim of the signed request, not a parameter beside it (§7.1.1)");
            }
        }
    }

    // §7.1.1: aud "MUST contain the value of the Issuer Identifier for the OP"; iss "MUST be the
    // client_id of the OAuth Client"; exp, iat, nbf and jti REQUIRED; signed with the registered alg.
    private JwtRules rules(JwsAlgorithm alg) {
        return new JwtRules(
                EnumSet.of(alg),
                Set.of(service.issuer().toString()),
                false,
                true,
                config.signedRequestMaxLifetime(),
                OAuthError.INVALID_REQUEST);
    }

    /** Claims as parameter values: strings as they are, numbers and booleans as text, JSON as JSON text. */
    private Map<String, String> asParameters(Map<String, Object> claims) {
        Map<String, String> parameters = new LinkedHashMap<>();
        claims.forEach((name, value) -> {
            if (JWT_CLAIMS.contains(name) || value == null) {
                return;
            }
            parameters.put(name, value instanceof String text ? text : text(value));
        });
        return parameters;
    }

    private String text(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw OAuthException.invalidRequest("a claim of the signed request cannot be read");
        }
    }
}
