package dev.countersign.admin;

import dev.countersign.account.User;
import dev.countersign.account.Users;
import dev.countersign.admin.store.InstallationSettingRepository;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.RandomTokens;
import dev.countersign.common.ServiceConfig;
import dev.countersign.provider.Client;
import dev.countersign.provider.ClientRegistration;
import dev.countersign.provider.ClientSigning;
import dev.countersign.provider.Clients;
import dev.countersign.provider.RegisteredClient;
import dev.countersign.provider.TokenDeliveryMode;
import dev.countersign.provider.TokenEndpointAuthMethod;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * On the first start of an installation (and only then), creates a demo user and a demo agent
 * client and prints their credentials once, so that a newcomer can try a CIBA flow at once.
 * Switched off with {@code countersign.demo.enabled=false}. The marker row and the demo accounts
 * are written in one transaction, so several instances starting together create them once.
 */
@Singleton
class DemoBootstrap {
    static final String SETTING = "demo_created";
    static final String DEMO_USERNAME = "demo";

    private final DemoConfig config;
    private final Users users;
    private final Clients clients;
    private final InstallationSettingRepository settings;
    private final ServiceConfig service;
    private final AuditLog audit;

    DemoBootstrap(
            DemoConfig config,
            Users users,
            Clients clients,
            InstallationSettingRepository settings,
            ServiceConfig service,
            AuditLog audit) {
        this.config = config;
        this.users = users;
        this.clients = clients;
        this.settings = settings;
        this.service = service;
        this.audit = audit;
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        Optional<String[]> created = QuarkusTransaction.requiringNew().call(this::createOnce);
        created.ifPresent(lines -> ConsoleNotice.print(
                "Demo accounts created on first start (shown once; countersign.demo.enabled=false turns this off):",
                lines));
    }

    private Optional<String[]> createOnce() {
        if (!settings.insertIfAbsent(SETTING, "true")) {
            return Optional.empty();
        }
        String password = RandomTokens.of(12);
        User user = users.create(DEMO_USERNAME, "demo@example.com", "Demo User", password);
        RegisteredClient agent = clients.register(new ClientRegistration(
                "Demo agent",
                TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
                Set.of(Client.CIBA_GRANT),
                Set.of("openid", "profile"),
                TokenDeliveryMode.POLL,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Set.of(),
                ClientSigning.NONE));
        audit.record(AuditEvent.success("demo.created", "system", agent.client().clientId(), user.sub(), "demo")
                .withDetail(Map.of("username", user.username())));
        String issuer = service.issuer().toString();
        return Optional.of(new String[] {
            "user:   " + user.username() + " / " + password + "   (sign in at " + issuer + "/api/me/session)",
            "agent:  client_id=" + agent.client().clientId() + "  client_secret=" + agent.clientSecret(),
            "try:    curl -u '" + agent.client().clientId() + ":" + agent.clientSecret() + "' -d scope=openid"
                    + " -d login_hint=" + user.username() + " -d 'binding_message=Hello from the demo agent' "
                    + issuer + "/bc-authorize"
        });
    }
}
