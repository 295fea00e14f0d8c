package dev.countersign.audit;

import dev.countersign.audit.store.AuditChainHeadEntity;
import dev.countersign.audit.store.AuditChainHeadRepository;
import dev.countersign.audit.store.AuditEventEntity;
import dev.countersign.audit.store.AuditEventRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Links recorded events into the hash chain. Each batch is one transaction that locks the chain
 * head row (a pessimistic write lock, so instances sharing one database seal one at a time), takes
 * unsealed events in {@code (occurred_at, recorded_seq)} order, gives each the next {@code chain_seq}, the
 * previous hash and its own {@link ChainHash}, and moves the head. Within one instance a local lock
 * serialises the scheduled run and direct calls. Created at start-up, where it refuses a seal
 * interval that is not positive.
 */
@Startup
@ApplicationScoped
public class AuditSealer {
    private final AuditEventRepository events;
    private final AuditChainHeadRepository heads;
    private final AuditConfig config;
    private final ReentrantLock local = new ReentrantLock();

    public AuditSealer(AuditEventRepository events, AuditChainHeadRepository heads, AuditConfig config) {
        this.events = events;
        this.heads = heads;
        this.config = config;
        if (config.sealInterval().isNegative() || config.sealInterval().isZero()) {
            throw new IllegalStateException("countersign.audit.seal-interval must be a positive duration, e.g. PT1S");
        }
    }

    @Scheduled(
            identity = "audit-sealer",
            every = "${countersign.audit.seal-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sealOnSchedule() {
        if (local.tryLock()) {
            try {
                sealAll();
            } finally {
                local.unlock();
            }
        }
    }

    /** Seals every event committed so far; returns how many this call sealed. */
    public int seal() {
        local.lock();
        try {
            return sealAll();
        } finally {
            local.unlock();
        }
    }

    private int sealAll() {
        int total = 0;
        int sealed;
        do {
            sealed = QuarkusTransaction.requiringNew().call(this::sealBatch);
            total += sealed;
        } while (sealed == config.sealBatchSize());
        return total;
    }

    private int sealBatch() {
        AuditChainHeadEntity head = heads.lockHead();
        List<AuditEventEntity> batch = events.unsealed(config.sealBatchSize());
        long seq = head.lastSeq;
        String prev = head.lastHash;
        List<AuditEventRepository.Seal> seals = new ArrayList<>(batch.size());
        for (AuditEventEntity row : batch) {
            seq++;
            String hash = ChainHash.of(prev, seq, AuditRows.fields(row).orElseThrow());
            seals.add(new AuditEventRepository.Seal(row.id, seq, prev, hash));
            prev = hash;
        }
        if (!events.seal(seals)) {
            throw new IllegalStateException("audit event sealed by another sealer despite the head lock");
        }
        if (!batch.isEmpty() && !heads.advance(head.lastSeq, seq, prev)) {
            throw new IllegalStateException("audit chain head moved despite its lock");
        }
        return batch.size();
    }
}
