package dev.countersign.admin;

import dev.countersign.account.User;
import dev.countersign.account.Users;
import dev.countersign.admin.store.InstallationSettingRepository;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.RandomTokens;
import dev.countersign.common.ServiceConfig;
import dev.countersign.common.outbound.OutboundUrlPolicy;
import dev.countersign.provider.Client;
import dev.countersign.provider.ClientRegistration;
import dev.countersign.provider.ClientSigning;
import dev.countersign.provider.Clients;
import dev.countersign.provider.RegisteredClient;
import dev.countersign.provider.TokenDeliveryMode;
import dev.countersign.provider.TokenEndpointAuthMethod;
import dev.countersign.runtime.ActionCatalog;
import dev.countersign.runtime.ActionDefinitions;
import dev.countersign.runtime.ApiKeys;
import dev.countersign.runtime.RuntimeConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * On the first start of an installation (and only then), creates a demo user, a demo agent client
 * and a demo agent API key and prints their credentials once, so that a newcomer can try a CIBA
 * flow and the runtime's {@code pay} action ({@code examples/pay-bob.sh}) at once. The API key is
 * stored hashed like every other and never printed again. On every start in demo mode, the
 * {@code pay} action ({@link DemoPayAction}) joins the action catalog, and the service's own host
 * joins the runtime's allowed target hosts and the outbound private-host allow-list, so that the
 * action reaches the demo target on this service; outside demo mode neither list changes.
 * Switched off with {@code countersign.demo.enabled=false}. The marker row and the demo accounts
 * are written in one transaction, so several instances starting together create them once.
 */
@Singleton
class DemoBootstrap {
    static final String SETTING = "demo_created";
    static final String DEMO_USERNAME = "demo";
    static final String DEMO_AGENT = "demo-agent";

    private final DemoConfig config;
    private final Users users;
    private final Clients clients;
    private final InstallationSettingRepository settings;
    private final ServiceConfig service;
    private final AuditLog audit;
    private final ApiKeys apiKeys;
    private final ActionCatalog actions;
    private final ActionDefinitions definitions;
    private final OutboundUrlPolicy outbound;
    private final RuntimeConfig runtime;

    DemoBootstrap(
            DemoConfig config,
            Users users,
            Clients clients,
            InstallationSettingRepository settings,
            ServiceConfig service,
            AuditLog audit,
            ApiKeys apiKeys,
            ActionCatalog actions,
            ActionDefinitions definitions,
            OutboundUrlPolicy outbound,
            RuntimeConfig runtime) {
        this.config = config;
        this.users = users;
        this.clients = clients;
        this.settings = settings;
        this.service = service;
        this.audit = audit;
        this.apiKeys = apiKeys;
        this.actions = actions;
        this.definitions = definitions;
        this.outbound = outbound;
        this.runtime = runtime;
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        if (runtime.enabled()) {
            URI issuer = service.issuer();
            definitions.admitHost(issuer.getHost());
            outbound.admitPrivateHost(issuer.getHost());
            actions.addBuiltIn(DemoPayAction.definition(issuer), DemoPayAction.SOURCE);
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
        ApiKeys.ApiKey key = apiKeys.issue(DEMO_AGENT);
        audit.record(AuditEvent.success("demo.created", "system", agent.client().clientId(), user.sub(), "demo")
                .withDetail(Map.of("username", user.username())));
        String issuer = service.issuer().toString();
        return Optional.of(new String[] {
            "user:   " + user.username() + " / " + password + "   (sign in at " + issuer + "/api/me/session)",
            "agent:  client_id=" + agent.client().clientId() + "  client_secret=" + agent.clientSecret(),
            "try:    curl -u '" + agent.client().clientId() + ":" + agent.clientSecret() + "' -d scope=openid"
                    + " -d login_hint=" + user.username() + " -d 'binding_message=Hello from the demo agent' "
                    + issuer + "/bc-authorize",
            "agent API key:  " + key.key().orElseThrow() + "   (for the runs API: " + issuer + "/v1/runs)",
            "pay:    COUNTERSIGN_URL=" + issuer + " COUNTERSIGN_API_KEY="
                    + key.key().orElseThrow() + " examples/pay-bob.sh   (then approve at " + issuer + "/app as "
                    + user.username() + ")"
        });
    }
}
