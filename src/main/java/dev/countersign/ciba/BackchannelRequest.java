package dev.countersign.ciba;

import dev.countersign.provider.TokenDeliveryMode;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A validated backchannel authentication request (CIBA Core 1.0 §7.1), ready to be stored. Nothing
 * after the validator sees raw parameter strings.
 *
 * @param clientName the agent's registered name, as the user will see it
 * @param authorizationDetails the RFC 9396 array, normalised JSON
 * @param deliveryMode the client's token delivery mode (CIBA Core 1.0 §5)
 * @param notificationToken the {@code client_notification_token}, for ping and push clients only
 * @param clientNumberMatching the client registered {@code countersign_number_matching}
 */
public record BackchannelRequest(
        String clientId,
        String clientName,
        String userSub,
        Set<String> scopes,
        Optional<BindingMessage> bindingMessage,
        Optional<String> acrValues,
        Optional<String> authorizationDetails,
        Optional<Long> requestedExpirySeconds,
        TokenDeliveryMode deliveryMode,
        Optional<ClientNotificationToken> notificationToken,
        boolean clientNumberMatching) {

    public String scope() {
        return String.join(" ", scopes);
    }

    /** The lifetime granted: the requested one within [1 s, max], else the default. */
    public java.time.Duration lifetime(CibaConfig config) {
        return requestedExpirySeconds
                .map(java.time.Duration::ofSeconds)
                .map(d -> d.compareTo(config.maxExpiry()) > 0 ? config.maxExpiry() : d)
                .orElse(config.defaultExpiry());
    }

    /** When a request created at {@code now} expires. */
    public Instant expiresAt(Instant now, CibaConfig config) {
        return now.plus(lifetime(config));
    }
}
