package dev.countersign.runtime.oidcclient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The settings of the named {@code quarkus.oidc-client.<name>.*} client that the backchannel
 * authentication request reuses, read with their documented names and defaults: the provider's
 * {@code auth-server-url}, the {@code client-id}, the secret ({@code credentials.secret} or
 * {@code credentials.client-secret.value}) and how it is sent ({@code
 * credentials.client-secret.method}: {@code basic}, the default, or {@code post}; RFC 6749 §2.3.1).
 */
record ClientSettings(
        String name,
        URI authServerUrl,
        String clientId,
        Optional<String> secret,
        boolean secretPost,
        Duration timeout) {
    private static final String PREFIX = "quarkus.oidc-client.";

    static ClientSettings read(Config config, String name) {
        String prefix = PREFIX + name + ".";
        String url = config.getOptionalValue(prefix + "auth-server-url", String.class)
                .orElseThrow(() -> new IllegalStateException(prefix + "auth-server-url is not set"));
        String clientId = config.getOptionalValue(prefix + "client-id", String.class)
                .orElseThrow(() -> new IllegalStateException(prefix + "client-id is not set"));
        Optional<String> secret = config.getOptionalValue(prefix + "credentials.secret", String.class)
                .or(() -> config.getOptionalValue(prefix + "credentials.client-secret.value", String.class));
        String method = config.getOptionalValue(prefix + "credentials.client-secret.method", String.class)
                .orElse("basic")
                .toLowerCase(Locale.ROOT);
        if (!method.equals("basic") && !method.equals("post")) {
            throw new IllegalStateException(prefix + "credentials.client-secret.method=" + method
                    + " is not supported for the backchannel authentication request (use basic or post)");
        }
        Duration timeout = config.getOptionalValue(prefix + "connection-timeout", Duration.class)
                .orElse(Duration.ofSeconds(10));
        return new ClientSettings(
                name,
                URI.create(url.endsWith("/") ? url : url + "/"),
                clientId,
                secret,
                method.equals("post"),
                timeout);
    }

    /** The {@code .well-known/openid-configuration} document of the provider (OIDC Discovery §4). */
    URI discovery() {
        return authServerUrl.resolve(".well-known/openid-configuration");
    }

    /** The client authentication for a form post: the parameters to add (post) or none (basic). */
    Map<String, String> formCredentials() {
        return secretPost ? Map.of("client_id", clientId, "client_secret", secret.orElse("")) : Map.of();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "ClientSettings[" + name + ", " + authServerUrl + ", " + clientId + "]";
    }

    /** The {@code Authorization} header for client_secret_basic (RFC 6749 §2.3.1), when used. */
    Optional<String> authorization() {
        if (secretPost || secret.isEmpty()) {
            return Optional.empty();
        }
        String pair = urlEncode(clientId) + ":" + urlEncode(secret.get());
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
