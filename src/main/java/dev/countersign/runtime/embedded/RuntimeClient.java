package dev.countersign.runtime.embedded;

import dev.countersign.provider.Client;
import dev.countersign.provider.ClientRegistration;
import dev.countersign.provider.ClientSigning;
import dev.countersign.provider.Clients;
import dev.countersign.provider.TokenDeliveryMode;
import dev.countersign.provider.TokenEndpointAuthMethod;
import dev.countersign.runtime.store.RuntimeSettingRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The runtime's own registration at the embedded provider: a CIBA client named "Countersign
 * runtime", created the first time it is needed (and again if an operator deleted it), its id kept
 * in {@code runtime_settings}. Its secret is never used: the runtime calls the provider in-process,
 * as the authenticated client. Actions are the operator's own definitions, so the client may ask
 * for any scope and authorization details type an action names; the provider still applies its own
 * rules (e.g. the types it supports) to every request.
 */
@ApplicationScoped
class RuntimeClient {
    static final String SETTING = "embedded_client_id";
    static final String NAME = "Countersign runtime";

    private final Clients clients;
    private final RuntimeSettingRepository settings;
    private volatile String knownClientId;

    RuntimeClient(Clients clients, RuntimeSettingRepository settings) {
        this.clients = clients;
        this.settings = settings;
    }

    /** Learns the client id, if registered, so that decisions on its requests wake runs on this instance. */
    void onStart(@Observes StartupEvent event) {
        QuarkusTransaction.requiringNew().run(() -> settings.value(SETTING).ifPresent(id -> knownClientId = id));
    }

    /**
     * The client, registered if it is not. Two instances registering at once both create a client,
     * but only one id is stored (the setting's primary key); the loser reads the winner's. The
     * lookup joins the caller's transaction (a poll's), so that a poll opens no second one.
     */
    Client client() {
        Optional<Client> existing = QuarkusTransaction.joiningExisting().call(this::stored);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return QuarkusTransaction.requiringNew().call(this::register);
        } catch (RuntimeException e) {
            return QuarkusTransaction.requiringNew()
                    .call(this::stored)
                    .orElseThrow(() -> new IllegalStateException("cannot register the runtime's client", e));
        }
    }

    private Optional<Client> stored() {
        Optional<Client> client = settings.value(SETTING).flatMap(clients::find);
        client.ifPresent(c -> knownClientId = c.clientId());
        return client;
    }

    private Client register() {
        Client registered = clients.register(new ClientRegistration(
                        NAME,
                        TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
                        Set.of(Client.CIBA_GRANT),
                        Set.of("openid"),
                        TokenDeliveryMode.POLL,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Set.of(),
                        ClientSigning.NONE))
                .client();
        if (settings.value(SETTING).isPresent()) {
            // Re-registering after an operator deleted the client: replace the stale id.
            settings.put(SETTING, registered.clientId());
        } else {
            settings.insert(SETTING, registered.clientId());
        }
        knownClientId = registered.clientId();
        return registered;
    }

    /** Whether a request of this client may be one of the runtime's (false before the first run). */
    boolean isRuntime(String clientId) {
        return clientId != null && clientId.equals(knownClientId);
    }

    /** The client, allowed the scopes and authorization details types of this request. */
    Client allowing(Set<String> scopes, Set<String> detailTypes) {
        Client c = client();
        Set<String> allScopes = new LinkedHashSet<>(c.scopes());
        allScopes.addAll(scopes);
        Set<String> allTypes = new LinkedHashSet<>(c.authorizationDetailsTypes());
        allTypes.addAll(detailTypes);
        return new Client(
                c.clientId(),
                c.clientName(),
                c.authMethod(),
                c.grantTypes(),
                allScopes,
                c.deliveryMode(),
                c.notificationEndpoint(),
                c.jwks(),
                c.jwksUri(),
                allTypes,
                c.signing(),
                c.createdAt(),
                c.resources(),
                c.dpopBoundAccessTokens(),
                c.numberMatching());
    }
}
