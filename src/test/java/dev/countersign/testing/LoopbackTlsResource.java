package dev.countersign.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.util.Map;

/**
 * Lets every {@code @QuarkusTest} call HTTPS receivers that tests start on localhost: trusts the
 * {@link LoopbackTls} certificate, allows localhost despite being loopback, and shortens the
 * outbound request timeout so that a receiver that hangs fails an attempt in a second.
 */
@WithTestResource(value = LoopbackTlsResource.class, scope = TestResourceScope.GLOBAL)
public class LoopbackTlsResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of(
                "countersign.outbound.trust-certificates",
                        LoopbackTls.certificatePem().toString(),
                "countersign.outbound.allowed-private-hosts", "localhost",
                "countersign.outbound.request-timeout", "PT1S");
    }

    @Override
    public void stop() {}
}
