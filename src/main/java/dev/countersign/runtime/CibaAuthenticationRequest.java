package dev.countersign.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * What the runtime asks a provider for (CIBA Core 1.0 §7.1), already validated and filled from the
 * action's templates.
 *
 * @param loginHint the user, formatted as the provider expects ({@code login_hint})
 * @param scope space-separated scopes, {@code openid} included
 * @param bindingMessage the short text shown on both devices ({@code binding_message})
 * @param authorizationDetails an RFC 9396 JSON array ({@code authorization_details})
 * @param requestedExpiry the lifetime asked for ({@code requested_expiry})
 * @param clientNotificationToken the bearer token the provider must send with a ping (§7.1), when
 *     the runtime is registered for ping
 */
public record CibaAuthenticationRequest(
        String loginHint,
        String scope,
        Optional<String> bindingMessage,
        Optional<String> authorizationDetails,
        Optional<Duration> requestedExpiry,
        Optional<String> clientNotificationToken) {}
