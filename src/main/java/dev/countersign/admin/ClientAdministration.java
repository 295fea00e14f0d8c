package dev.countersign.admin;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.provider.ClientRegistration;
import dev.countersign.provider.Clients;
import dev.countersign.provider.RegisteredClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Map;

/**
 * The operator's client operations (RFC 7591 registration). Each change and its audit event commit
 * together; the audit detail never carries the client secret.
 */
@ApplicationScoped
public class ClientAdministration {
    private static final String ACTOR = "admin";

    private final Clients clients;
    private final AuditLog audit;

    public ClientAdministration(Clients clients, AuditLog audit) {
        this.clients = clients;
        this.audit = audit;
    }

    @Transactional
    public RegisteredClient register(ClientRegistration registration) {
        RegisteredClient registered = clients.register(registration);
        String clientId = registered.client().clientId();
        audit.record(AuditEvent.success("client.registered", ACTOR, clientId, null, "client:" + clientId)
                .withDetail(Map.of(
                        "client_name", registration.clientName(),
                        "token_endpoint_auth_method", registration.authMethod().wire(),
                        "scope", String.join(" ", registration.scopes()),
                        "grant_types", String.join(" ", registration.grantTypes()),
                        "dpop_bound_access_tokens", Boolean.toString(registration.dpopBoundAccessTokens()),
                        "countersign_number_matching", Boolean.toString(registration.numberMatching()))));
        return registered;
    }

    /** Deletes the client; false when there is no such client. */
    @Transactional
    public boolean delete(String clientId) {
        boolean deleted = clients.delete(clientId);
        if (deleted) {
            audit.record(AuditEvent.success("client.deleted", ACTOR, clientId, null, "client:" + clientId));
        }
        return deleted;
    }
}
