package dev.countersign.approval.webpush;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The VAPID key pair: created once, whoever starts first; every instance then uses that one. */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
class VapidKeysEndpointTest {
    @Inject
    VapidKeys keys;

    @Nested
    @DisplayName("RFC 8292 §3: one application server key for every instance")
    class Creation {
        @Test
        void instancesStartingTogetherEndUpWithTheSameKey() throws Exception {
            String row = "race-" + UUID.randomUUID().toString().substring(0, 8);
            int instances = 4;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(instances);
            try {
                List<Future<VapidKeys.Loaded>> results = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    Callable<VapidKeys.Loaded> create = () -> {
                        start.await();
                        return keys.loadOrCreate(row);
                    };
                    results.add(pool.submit(create));
                }
                start.countDown();
                String first = results.get(0).get(60, TimeUnit.SECONDS).publicText();
                for (Future<VapidKeys.Loaded> result : results) {
                    VapidKeys.Loaded loaded = result.get(60, TimeUnit.SECONDS);
                    assertThat(loaded.publicText()).isEqualTo(first);
                    assertThat(EcPoints.encode(loaded.publicKey()))
                            .isEqualTo(java.util.Base64.getUrlDecoder().decode(first));
                }
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void keepsTheKeyAcrossLoads() {
            assertThat(keys.loadOrCreate("vapid").publicText()).isEqualTo(keys.publicKey());
        }
    }
}
