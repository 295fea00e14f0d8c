package dev.countersign.audit;

import dev.countersign.audit.store.AuditChainHeadEntity;
import dev.countersign.audit.store.AuditChainHeadRepository;
import dev.countersign.audit.store.AuditEventEntity;
import dev.countersign.audit.store.AuditEventRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Walks the audit chain from its first event to the head as it stood when the walk began, and
 * reports the first position that is missing, out of order, altered (its hash no longer matches its
 * fields) or not linked to the hash before it. Events sealed during the walk are left for the next.
 */
@ApplicationScoped
public class AuditChainVerifier {
    private static final int PAGE = 500;

    private final AuditEventRepository events;
    private final AuditChainHeadRepository heads;

    public AuditChainVerifier(AuditEventRepository events, AuditChainHeadRepository heads) {
        this.events = events;
        this.heads = heads;
    }

    public ChainVerification verify() {
        AuditChainHeadEntity head = QuarkusTransaction.requiringNew().call(heads::head);
        long headSeq = head.lastSeq;
        String prev = ChainHash.GENESIS;
        long expected = 1;
        while (expected <= headSeq) {
            long after = expected - 1;
            List<AuditEventEntity> page =
                    QuarkusTransaction.requiringNew().call(() -> events.sealedBetween(after, headSeq, PAGE));
            if (page.isEmpty()) {
                return ChainVerification.brokenAt(expected, expected - 1);
            }
            for (AuditEventEntity row : page) {
                if (row.chainSeq != expected || !linksTo(row, prev)) {
                    return ChainVerification.brokenAt(expected, expected - 1);
                }
                prev = row.hash;
                expected++;
            }
        }
        if (!prev.equals(head.lastHash)) {
            return ChainVerification.brokenAt(headSeq, headSeq);
        }
        return ChainVerification.intact(headSeq);
    }

    private static boolean linksTo(AuditEventEntity row, String prev) {
        if (!prev.equals(row.prevHash)) {
            return false;
        }
        Optional<ChainHash.EventFields> fields = AuditRows.fields(row);
        return fields.isPresent()
                && ChainHash.of(prev, row.chainSeq, fields.get()).equals(row.hash);
    }
}
