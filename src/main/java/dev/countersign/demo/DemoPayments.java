package dev.countersign.demo;

import dev.countersign.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The demo payments ledger: pays an order once per {@code Idempotency-Key} (per agent), so a
 * repeated call returns the first payment instead of paying twice. It is held in memory, bounded to
 * the newest {@value #CAPACITY} payments, and forgotten on restart: enough for a demo, not for money.
 */
@ApplicationScoped
public class DemoPayments {
    static final int CAPACITY = 10_000;

    private final Clock clock;
    private final Map<String, Payment> byKey = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Payment> eldest) {
            return size() > CAPACITY;
        }
    };

    public DemoPayments(Clock clock) {
        this.clock = clock;
    }

    /** A payment made. */
    public record Payment(
            String id, PaymentOrder order, String user, String agent, Instant createdAt, boolean replayed) {}

    /**
     * Pays the order, or returns the payment already made under the same key; the same key with a
     * different order is a conflict.
     */
    public synchronized Payment pay(String idempotencyKey, PaymentOrder order, DemoTokenVerifier.Delegation by) {
        String key = by.agent() + "\n" + idempotencyKey;
        Payment earlier = byKey.get(key);
        if (earlier != null) {
            if (!earlier.order().equals(order) || !earlier.user().equals(by.user())) {
                throw ProblemException.conflict("this Idempotency-Key was used for a different payment");
            }
            return new Payment(
                    earlier.id(), earlier.order(), earlier.user(), earlier.agent(), earlier.createdAt(), true);
        }
        Payment payment = new Payment("pay_" + UUID.randomUUID(), order, by.user(), by.agent(), clock.instant(), false);
        byKey.put(key, payment);
        return payment;
    }
}
