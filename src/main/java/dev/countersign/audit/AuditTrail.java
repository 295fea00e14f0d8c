package dev.countersign.audit;

import dev.countersign.audit.store.AuditEventEntity;
import dev.countersign.audit.store.AuditEventRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.OptionalLong;

/** The operator's read of the audit trail: seals what was recorded, then pages through the chain. */
@ApplicationScoped
public class AuditTrail {
    private final AuditEventRepository events;
    private final AuditSealer sealer;
    private final AuditChainVerifier verifier;

    public AuditTrail(AuditEventRepository events, AuditSealer sealer, AuditChainVerifier verifier) {
        this.events = events;
        this.sealer = sealer;
        this.verifier = verifier;
    }

    /** Seals pending events, then returns the sealed ones matching the query. */
    public AuditPage search(AuditQuery query) {
        sealer.seal();
        AuditEventRepository.Filter filter = new AuditEventRepository.Filter(
                query.type(),
                query.clientId(),
                query.userSub(),
                query.outcome(),
                query.since(),
                query.until(),
                query.afterSeq());
        List<AuditEventEntity> rows =
                QuarkusTransaction.requiringNew().call(() -> events.search(filter, query.limit() + 1));
        boolean more = rows.size() > query.limit();
        List<SealedEvent> page =
                rows.stream().limit(query.limit()).map(AuditRows::sealed).toList();
        OptionalLong next = more ? OptionalLong.of(page.get(page.size() - 1).seq()) : OptionalLong.empty();
        return new AuditPage(page, next);
    }

    /** Seals pending events, then walks the whole chain. */
    public ChainVerification verify() {
        sealer.seal();
        return verifier.verify();
    }
}
