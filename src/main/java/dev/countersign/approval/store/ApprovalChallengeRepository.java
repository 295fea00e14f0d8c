package dev.countersign.approval.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/** The {@code approval_challenges} table: each nonce is consumed by one conditional delete. */
@ApplicationScoped
public class ApprovalChallengeRepository implements PanacheRepositoryBase<ApprovalChallengeEntity, String> {

    /** Replaces any earlier challenge of this user for this request (only the newest counts). */
    public void replace(ApprovalChallengeEntity challenge) {
        delete("requestId = ?1 and userSub = ?2", challenge.requestId, challenge.userSub);
        persist(challenge);
    }

    /** The user's current, unexpired challenge for the request. */
    public Optional<ApprovalChallengeEntity> findCurrent(String requestId, String userSub, Instant now) {
        return find("requestId = ?1 and userSub = ?2 and expiresAt > ?3", requestId, userSub, now)
                .firstResultOptional();
    }

    /** Deletes challenges that expired unused (used ones are deleted when consumed). */
    public long deleteExpiredBefore(Instant now) {
        return delete("expiresAt <= ?1", now);
    }

    /** Consumes the nonce: true for exactly one caller, and only before it expires. */
    public boolean consume(String id, String userSub, Instant now) {
        return delete("id = ?1 and userSub = ?2 and expiresAt > ?3", id, userSub, now) == 1;
    }
}
