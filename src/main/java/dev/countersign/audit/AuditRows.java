package dev.countersign.audit;

import dev.countersign.audit.store.AuditEventEntity;
import dev.countersign.audit.store.AuditEventRepository;
import java.util.Optional;

/** Reads stored audit rows into the shapes the chain and the trail work with. */
final class AuditRows {
    private AuditRows() {}

    /** The hashed fields of a row; empty when its detail is no longer a JSON object of strings. */
    static Optional<ChainHash.EventFields> fields(AuditEventEntity row) {
        return fields(new AuditEventRepository.EventRow(
                row.id,
                row.occurredAt,
                row.type,
                row.outcome,
                row.actor,
                row.clientId,
                row.userSub,
                row.subject,
                row.detail));
    }

    /** The hashed fields of a row read as values. */
    static Optional<ChainHash.EventFields> fields(AuditEventRepository.EventRow row) {
        return DetailJson.read(row.detail())
                .map(detail -> new ChainHash.EventFields(
                        row.id(),
                        row.occurredAt(),
                        row.type(),
                        row.outcome(),
                        row.actor(),
                        row.clientId(),
                        row.userSub(),
                        row.subject(),
                        detail));
    }

    static SealedEvent sealed(AuditEventEntity row) {
        return new SealedEvent(
                row.chainSeq,
                row.id,
                row.occurredAt,
                row.type,
                row.outcome,
                row.actor,
                row.clientId,
                row.userSub,
                row.subject,
                DetailJson.read(row.detail).orElse(java.util.Map.of()),
                row.prevHash,
                row.hash);
    }
}
