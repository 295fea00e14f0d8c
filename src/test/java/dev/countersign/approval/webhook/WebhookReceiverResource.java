package dev.countersign.approval.webhook;

import dev.countersign.testing.PushService;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts an HTTPS receiver on loopback and configures it as the operator's webhook. */
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {
    static final String SECRET = "webhook-test-secret-0123456789";

    private PushService receiver;

    @Override
    public Map<String, String> start() {
        receiver = PushService.start();
        return Map.of(
                "countersign.approval.webhook.url",
                receiver.endpoint("/hooks/countersign"),
                "countersign.approval.webhook.secret",
                SECRET);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(receiver, new TestInjector.MatchesType(PushService.class));
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
