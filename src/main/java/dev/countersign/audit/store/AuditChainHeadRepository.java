package dev.countersign.audit.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** The head of the audit chain, locked while sealing so that one sealer at a time extends it. */
@ApplicationScoped
public class AuditChainHeadRepository implements PanacheRepositoryBase<AuditChainHeadEntity, Integer> {

    /** Reads the head with a pessimistic write lock held until the transaction ends. */
    public AuditChainHeadEntity lockHead() {
        return findById(AuditChainHeadEntity.ID, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Reads the head without locking, for verification. */
    public AuditChainHeadEntity head() {
        return findById(AuditChainHeadEntity.ID);
    }

    /** Moves the head from {@code fromSeq} to {@code toSeq}; false if someone else moved it. */
    public boolean advance(long fromSeq, long toSeq, String lastHash) {
        return update(
                        "lastSeq = :to, lastHash = :hash where id = :id and lastSeq = :from",
                        Parameters.with("to", toSeq)
                                .and("hash", lastHash)
                                .and("id", AuditChainHeadEntity.ID)
                                .and("from", fromSeq))
                == 1;
    }
}
