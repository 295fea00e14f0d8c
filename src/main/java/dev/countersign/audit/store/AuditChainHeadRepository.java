package dev.countersign.audit.store;

import dev.countersign.common.H2GroupCommit;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.hibernate.Session;

/**
 * The head of the audit chain, locked while sealing so that one sealer at a time extends it. The
 * lock and the move are plain statements on the transaction's connection: they run once per sealed
 * batch, and a batch of error events can be a single event.
 */
@ApplicationScoped
public class AuditChainHeadRepository implements PanacheRepositoryBase<AuditChainHeadEntity, Integer> {
    private static final String LOCK =
            "select last_seq, last_hash from audit_chain_head where id = " + AuditChainHeadEntity.ID + " for update";
    private static final String ADVANCE = "update audit_chain_head set last_seq = ?, last_hash = ? where id = "
            + AuditChainHeadEntity.ID + " and last_seq = ?";

    private final H2GroupCommit groupCommit;

    AuditChainHeadRepository(H2GroupCommit groupCommit) {
        this.groupCommit = groupCommit;
    }

    /** The last sealed position and its hash. */
    public record Head(long lastSeq, String lastHash) {}

    /** Reads the head with a row lock held until the transaction ends. */
    public Head lockHead() {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(LOCK);
                    ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("the audit chain head row is missing");
                }
                return new Head(row.getLong(1), row.getString(2));
            }
        });
    }

    /** Reads the head without locking, for verification. */
    public AuditChainHeadEntity head() {
        return findById(AuditChainHeadEntity.ID);
    }

    /** Moves the head from {@code fromSeq} to {@code toSeq}; false if someone else moved it. */
    public boolean advance(long fromSeq, long toSeq, String lastHash) {
        groupCommit.statementSent(ADVANCE);
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement(ADVANCE)) {
                update.setLong(1, toSeq);
                update.setString(2, lastHash);
                update.setLong(3, fromSeq);
                return update.executeUpdate() == 1;
            }
        });
    }
}
