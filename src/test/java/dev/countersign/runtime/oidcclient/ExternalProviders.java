package dev.countersign.runtime.oidcclient;

import dev.countersign.testing.ExternalCibaProvider;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Three providers for the external adapter, each behind its own named oidc-client: {@code ciba}
 * is the independent node-oidc-provider (client_secret_basic, discovery), {@code scripted} the
 * {@link ScriptedProvider} (client_secret_post, fixed token path), {@code down} a closed port.
 */
public class ExternalProviders implements QuarkusTestResourceLifecycleManager {
    static volatile ExternalCibaProvider peer;
    static volatile ScriptedProvider scripted;

    @Override
    public Map<String, String> start() {
        try {
            peer = ExternalCibaProvider.start();
            scripted = new ScriptedProvider();
            Map<String, String> config = new HashMap<>();
            // The runtime's own settings for this peer: only configuration, no code, differs per provider.
            config.put("countersign.runtime.provider", "external");
            config.put("countersign.runtime.oidc-client", "ciba");
            config.put("countersign.runtime.binding-message.max-length", "20");
            client(config, "ciba", peer.issuer().toString(), ExternalCibaProvider.CLIENT_SECRET);
            client(config, "scripted", scripted.base(), "scripted-secret");
            config.put("quarkus.oidc-client.scripted.discovery-enabled", "false");
            config.put("quarkus.oidc-client.scripted.token-path", "/token");
            config.put("quarkus.oidc-client.scripted.credentials.client-secret.method", "post");
            client(config, "down", "http://127.0.0.1:" + ExternalCibaProvider.freePort(), "down-secret");
            config.put("quarkus.oidc-client.down.discovery-enabled", "false");
            config.put("quarkus.oidc-client.down.token-path", "/token");
            config.put("quarkus.oidc-client.down.connection-timeout", "PT2S");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void client(Map<String, String> config, String name, String url, String secret) {
        String prefix = "quarkus.oidc-client." + name + ".";
        config.put(prefix + "auth-server-url", url);
        config.put(prefix + "client-id", ExternalCibaProvider.CLIENT_ID);
        config.put(prefix + "credentials.secret", secret);
        config.put(prefix + "grant.type", "ciba");
    }

    @Override
    public void stop() {
        if (peer != null) {
            peer.close();
        }
        if (scripted != null) {
            scripted.stop();
        }
    }
}
