package dev.countersign.ciba;

import static dev.countersign.ciba.CibaParameters.*;

import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthError;
import dev.countersign.common.OAuthException;
import dev.countersign.provider.Client;
import dev.countersign.provider.TokenDeliveryMode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a backchannel authentication request (CIBA Core 1.0 §7.1, §7.2) of an authenticated
 * client into a {@link BackchannelRequest}, or throws the §13 error. Checks run in the order of
 * §7.2: grant allowed, signed request, scope, user hints, then the optional parameters; the user is
 * resolved last among the required checks so that an unknown user is not revealed to a request
 * that is malformed anyway.
 */
@ApplicationScoped
public class BackchannelRequestValidator {
    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private static final int MAX_ACR_VALUES_LENGTH = 500;
    private static final long MAX_REQUESTED_EXPIRY = 86_400L * 365;

    private final CibaConfig config;
    private final UserHints userHints;
    private final AuthorizationDetailsValidator authorizationDetails;

    public BackchannelRequestValidator(
            CibaConfig config, UserHints userHints, AuthorizationDetailsValidator authorizationDetails) {
        this.config = config;
        this.userHints = userHints;
        this.authorizationDetails = authorizationDetails;
    }

    public BackchannelRequest validate(Client client, FormParameters p) {
        requireCibaGrant(client);
        rejectSignedRequest(p);
        Set<String> scopes = scope(client, p);
        HintKind hint = exactlyOneHint(p);
        Optional<BindingMessage> bindingMessage =
                p.get(BINDING_MESSAGE).map(m -> BindingMessage.parse(m, config.bindingMessageMaxLength()));
        Optional<Long> requestedExpiry = p.get(REQUESTED_EXPIRY).map(BackchannelRequestValidator::requestedExpiry);
        Optional<String> acrValues = p.get(ACR_VALUES).map(BackchannelRequestValidator::acrValues);
        Optional<String> details = p.get(AUTHORIZATION_DETAILS).map(d -> authorizationDetails.validate(client, d));
        Optional<ClientNotificationToken> notificationToken = notificationToken(client, p);
        String userSub = user(client, p, hint);
        return new BackchannelRequest(
                client.clientId(),
                client.clientName(),
                userSub,
                scopes,
                bindingMessage,
                acrValues,
                details,
                requestedExpiry,
                client.deliveryMode(),
                notificationToken,
                client.numberMatching());
    }

    // The client must be registered for the CIBA grant (§13 unauthorized_client).
    private static void requireCibaGrant(Client client) {
        if (!client.mayUseGrant(Client.CIBA_GRANT)) {
            throw OAuthException.unauthorizedClient("the client is not registered for the CIBA grant");
        }
    }

    // request (OPTIONAL, §7.1.1): SignedAuthenticationRequests unwraps it before validation; one that
    // reaches this point was nested inside a signed request, which §7.1.1 does not provide for.
    private static void rejectSignedRequest(FormParameters p) {
        if (p.has(REQUEST)) {
            throw OAuthException.invalidRequest("a signed request must not contain another request");
        }
    }

    // scope (REQUIRED): "CIBA authentication requests MUST therefore contain the openid scope value."
    private static Set<String> scope(Client client, FormParameters p) {
        String raw = p.get(SCOPE).orElseThrow(() -> OAuthException.invalidRequest("scope is required"));
        Set<String> scopes = new LinkedHashSet<>();
        for (String token : raw.split(" ", -1)) {
            if (!SCOPE_TOKEN.matcher(token).matches()) {
                throw OAuthException.invalidScope("scope is malformed (RFC 6749 §3.3)");
            }
            scopes.add(token);
        }
        if (!scopes.contains("openid")) {
            throw OAuthException.invalidScope("scope must contain openid");
        }
        for (String s : scopes) {
            if (!client.scopes().contains(s)) {
                throw OAuthException.invalidScope("the client may not request the scope " + printable(s));
            }
        }
        return scopes;
    }

    private enum HintKind {
        LOGIN_HINT,
        ID_TOKEN_HINT,
        LOGIN_HINT_TOKEN
    }

    // login_hint_token, id_token_hint, login_hint: "exactly one of these hints MUST be provided".
    private static HintKind exactlyOneHint(FormParameters p) {
        int count = (p.has(LOGIN_HINT) ? 1 : 0) + (p.has(ID_TOKEN_HINT) ? 1 : 0) + (p.has(LOGIN_HINT_TOKEN) ? 1 : 0);
        if (count != 1) {
            throw OAuthException.invalidRequest(
                    "exactly one of login_hint, id_token_hint and login_hint_token is required, " + count + " given");
        }
        if (p.has(LOGIN_HINT_TOKEN)) {
            throw OAuthException.invalidRequest("login_hint_token is not supported; use login_hint or id_token_hint");
        }
        return p.has(LOGIN_HINT) ? HintKind.LOGIN_HINT : HintKind.ID_TOKEN_HINT;
    }

    // requested_expiry (OPTIONAL): "A positive integer"; sent as a numeric string in a form.
    private static long requestedExpiry(String raw) {
        if (raw.length() > 12 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw OAuthException.invalidRequest("requested_expiry must be a positive integer number of seconds");
        }
        long seconds = Long.parseLong(raw);
        if (seconds < 1 || seconds > MAX_REQUESTED_EXPIRY) {
            throw OAuthException.invalidRequest("requested_expiry must be a positive integer number of seconds");
        }
        return seconds;
    }

    /**
     * client_notification_token (REQUIRED for ping and push): "REQUIRED if the Client is registered
     * to use Ping or Push modes." The spec gives it no meaning in poll mode, so a poll client's token
     * is ignored (never stored), as §7.1 leaves it, rather than refused.
     */
    private static Optional<ClientNotificationToken> notificationToken(Client client, FormParameters p) {
        if (client.deliveryMode() == TokenDeliveryMode.POLL) {
            return Optional.empty();
        }
        String raw = p.get(CLIENT_NOTIFICATION_TOKEN)
                .orElseThrow(() -> OAuthException.invalidRequest("client_notification_token is required for "
                        + client.deliveryMode().wire() + " clients"));
        return Optional.of(ClientNotificationToken.parse(raw));
    }

    // acr_values (OPTIONAL): space-separated values, kept for the record.
    private static String acrValues(String raw) {
        if (raw.length() > MAX_ACR_VALUES_LENGTH
                || !raw.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                || raw.isBlank()) {
            throw OAuthException.invalidRequest("acr_values is malformed");
        }
        return raw;
    }

    private String user(Client client, FormParameters p, HintKind hint) {
        Optional<String> sub = switch (hint) {
            case LOGIN_HINT -> userHints.fromLoginHint(p.get(LOGIN_HINT).orElseThrow());
            case ID_TOKEN_HINT -> userHints.fromIdTokenHint(p.get(ID_TOKEN_HINT).orElseThrow(), client);
            case LOGIN_HINT_TOKEN -> Optional.empty();
        };
        return sub.orElseThrow(
                () -> OAuthException.of(OAuthError.UNKNOWN_USER_ID, "the hint does not identify a known user"));
    }

    private static String printable(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
