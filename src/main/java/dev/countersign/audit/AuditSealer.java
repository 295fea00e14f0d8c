package dev.countersign.audit;

import dev.countersign.audit.store.AuditChainHeadRepository;
import dev.countersign.audit.store.AuditEventRepository;
import dev.countersign.common.BackgroundJob;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
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

    @BackgroundJob
    @Scheduled(
            identity = "audit-sealer",
            every = "${countersign.audit.seal-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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
        AuditChainHeadRepository.Head head = heads.lockHead();
        List<AuditEventRepository.EventRow> batch = events.unsealed(config.sealBatchSize());
        if (batch.isEmpty()) {
            return 0;
        }
        List<AuditEventRepository.Seal> seals = links(head, batch);
        if (!events.seal(seals)) {
            throw new IllegalStateException("audit event sealed by another sealer despite the head lock");
        }
        advance(head, seals.get(seals.size() - 1));
        return batch.size();
    }

    /**
     * Links new events into the chain as they are inserted, in the caller's transaction: takes the
     * chain head (held until that transaction ends), gives the events the next positions in the
     * order given, inserts them sealed and moves the head. One insert per event instead of an
     * unsealed insert, this sealer's read and its update. Only for short transactions that store
     * nothing but audit events ({@link OAuthErrorAuditor}'s batches): every other sealing waits for
     * the head meanwhile. Events recorded unsealed earlier and not sealed yet take later positions,
     * as a transaction that commits late always has.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void appendSealed(List<AuditEventRepository.EventRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        AuditChainHeadRepository.Head head = heads.lockHead();
        List<AuditEventRepository.Seal> seals = links(head, rows);
        List<AuditEventRepository.NewEvent> sealed = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            AuditEventRepository.Seal seal = seals.get(i);
            sealed.add(new AuditEventRepository.NewEvent(rows.get(i), seal.seq(), seal.prevHash(), seal.hash()));
        }
        events.insert(sealed);
        advance(head, seals.get(seals.size() - 1));
    }

    /** The rows' places in the chain after the head, in the order given. */
    private static List<AuditEventRepository.Seal> links(
            AuditChainHeadRepository.Head head, List<AuditEventRepository.EventRow> rows) {
        long seq = head.lastSeq();
        String prev = head.lastHash();
        List<AuditEventRepository.Seal> seals = new ArrayList<>(rows.size());
        for (AuditEventRepository.EventRow row : rows) {
            seq++;
            String hash = ChainHash.of(prev, seq, AuditRows.fields(row).orElseThrow());
            seals.add(new AuditEventRepository.Seal(row.id(), seq, prev, hash));
            prev = hash;
        }
        return seals;
    }

    private void advance(AuditChainHeadRepository.Head head, AuditEventRepository.Seal last) {
        if (!heads.advance(head.lastSeq(), last.seq(), last.hash())) {
            throw new IllegalStateException("audit chain head moved despite its lock");
        }
    }
}
