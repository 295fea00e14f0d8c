package dev.countersign.ciba.store;

import dev.countersign.common.H2GroupCommit;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.hibernate.Session;

/**
 * The store of backchannel requests. Every state change is one conditional update that reports
 * whether it won, so concurrent pollers, deciders and instances can never both succeed.
 */
@ApplicationScoped
public class BackchannelRequestRepository implements PanacheRepositoryBase<BackchannelRequestEntity, String> {
    private static final String INSERT = "insert into backchannel_requests (id, auth_req_id_hash, client_id,"
            + " user_sub, scope, binding_message, acr_values, authorization_details, state, created_at, expires_at,"
            + " interval_seconds, delivery_mode, notification_secrets, request_fingerprint, number_choices,"
            + " unreached_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String PENDING_TWIN = "select expires_at from backchannel_requests"
            + " where request_fingerprint = ? and state = 'PENDING' and id <> ?"
            + " order by expires_at desc fetch first 1 rows only";
    /** Newest first; ids are time-ordered, so they settle ties between equal creation instants. */
    private static final Sort NEWEST_FIRST = Sort.descending("createdAt", "id");

    private final H2GroupCommit groupCommit;

    BackchannelRequestRepository(H2GroupCommit groupCommit) {
        this.groupCommit = groupCommit;
    }

    /**
     * Stores a new request now, with one prepared statement on the transaction's connection: the
     * {@code bc-authorize} path inserts one per call, and persisting the entity cost Hibernate's
     * flush (action queue, dirty tracking, the insert's value bindings) on top of the statement.
     * The row is not managed afterwards; nothing of that transaction reads it back as an entity.
     */
    public void insert(BackchannelRequestEntity row) {
        groupCommit.statementSent(INSERT);
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, row.id);
                insert.setString(2, row.authReqIdHash);
                insert.setString(3, row.clientId);
                insert.setString(4, row.userSub);
                insert.setString(5, row.scope);
                insert.setString(6, row.bindingMessage);
                insert.setString(7, row.acrValues);
                insert.setString(8, row.authorizationDetails);
                insert.setString(9, row.state);
                insert.setObject(10, utc(row.createdAt));
                insert.setObject(11, utc(row.expiresAt));
                insert.setInt(12, row.intervalSeconds);
                insert.setString(13, row.deliveryMode);
                insert.setString(14, row.notificationSecrets);
                insert.setString(15, row.requestFingerprint);
                insert.setString(16, row.numberChoices);
                insert.setObject(17, utc(row.unreachedAt));
                insert.executeUpdate();
            }
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public Optional<BackchannelRequestEntity> findByAuthReqIdHash(String hash) {
        return find("authReqIdHash", hash).firstResultOptional();
    }

    /** The user's newest requests in a final stored state (issued, denied): at most {@code limit}. */
    public List<BackchannelRequestEntity> findByUserAndState(String userSub, String state, int limit) {
        return find("userSub = ?1 and state = ?2", NEWEST_FIRST, userSub, state)
                .page(0, limit)
                .list();
    }

    /**
     * The user's newest requests in a stored state that ends by expiry (pending, approved) and whose
     * expiry has not come: at most {@code limit}, bounded in the query, not after it.
     *
     * <p>The expiry is compared through {@code coalesce}, which no index serves: with a plain
     * {@code expiresAt > ?}, H2 planned a range scan of the {@code (state, expires_at)} index over
     * every user's unexpired requests instead of this user's {@code (user_sub, state)} rows (seen with
     * {@code EXPLAIN} on a benchmark database with two users).
     */
    public List<BackchannelRequestEntity> findUnexpiredByUserAndState(
            String userSub, String state, Instant now, int limit) {
        return find(
                        "userSub = ?1 and state = ?2 and coalesce(expiresAt, expiresAt) > ?3",
                        NEWEST_FIRST,
                        userSub,
                        state,
                        now)
                .page(0, limit)
                .list();
    }

    /**
     * The user's newest requests that ended by expiry: still pending, or approved but never redeemed.
     * At most {@code limit}.
     */
    public List<BackchannelRequestEntity> findExpiredOf(String userSub, Instant now, int limit) {
        return find(
                        "userSub = ?1 and (state = 'EXPIRED' or (state in ('PENDING', 'APPROVED') and expiresAt <= ?2))",
                        NEWEST_FIRST,
                        userSub,
                        now)
                .page(0, limit)
                .list();
    }

    /**
     * When the pending, unexpired request with this fingerprint expires (ADR 0005 collapsing). The
     * expiry is compared here, not in SQL: with {@code expires_at > ?} in the query, H2 planned a
     * range scan of the {@code (state, expires_at)} index, over every unexpired request, instead of
     * the fingerprint lookup. A fingerprint's pending rows are few: at most one unexpired (later
     * ones are refused), plus expired ones until their retention ends.
     */
    public Optional<Instant> findPendingExpiryByFingerprint(String fingerprint, String exceptId, Instant now) {
        // Plain JDBC on the transaction's connection: it runs on every bc-authorize, right after the
        // caller flushed its writes, and Hibernate's query would add its per-query work.
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(PENDING_TWIN)) {
                select.setString(1, fingerprint);
                select.setString(2, exceptId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(rows.getObject(1, OffsetDateTime.class)
                                            .toInstant())
                                    .filter(now::isBefore)
                            : Optional.<Instant>empty();
                }
            }
        });
    }

    /**
     * The binding message of the user's request when it uses number matching (a scalar read, so that
     * no stale entity stays in the persistence context across the decision's conditional update).
     */
    public Optional<String> findBindingMessageUnderNumberMatching(String id, String userSub) {
        return getEntityManager()
                .createQuery(
                        "select r.bindingMessage from BackchannelRequestEntity r where r.id = :id"
                                + " and r.userSub = :sub and r.numberChoices is not null",
                        String.class)
                .setParameter("id", id)
                .setParameter("sub", userSub)
                .getResultStream()
                .findFirst();
    }

    /** PENDING → APPROVED, for this user and before expiry. */
    public boolean approve(String id, String userSub, Instant now) {
        return approve(id, userSub, now, null, null, null);
    }

    /** PENDING → APPROVED with how the user approved (acr, space-separated amr, receipt), or nulls. */
    public boolean approve(String id, String userSub, Instant now, String acr, String amr, String receiptId) {
        return update(
                        "state = 'APPROVED', decidedAt = :now, acr = :acr, amr = :amr, receiptId = :receipt"
                                + " where id = :id and userSub = :sub and state = 'PENDING' and expiresAt > :now",
                        Parameters.with("now", now)
                                .and("acr", acr)
                                .and("amr", amr)
                                .and("receipt", receiptId)
                                .and("id", id)
                                .and("sub", userSub))
                == 1;
    }

    /** The authorization_details of the user's request (a scalar read), if it has any. */
    public Optional<String> findAuthorizationDetails(String id, String userSub) {
        return getEntityManager()
                .createQuery(
                        "select r.authorizationDetails from BackchannelRequestEntity r where r.id = :id"
                                + " and r.userSub = :sub and r.authorizationDetails is not null",
                        String.class)
                .setParameter("id", id)
                .setParameter("sub", userSub)
                .getResultStream()
                .findFirst();
    }

    /** Records, once, that a pending request reached no device of its user. */
    public boolean markUnreached(String id, Instant now) {
        return update(
                        "unreachedAt = :now where id = :id and state = 'PENDING' and unreachedAt is null",
                        Parameters.with("now", now).and("id", id))
                == 1;
    }

    /** Whether the request with this {@code auth_req_id} hash is pending and reached no device. */
    public boolean isPendingAndUnreached(String hash) {
        return count("authReqIdHash = ?1 and state = 'PENDING' and unreachedAt is not null", hash) > 0;
    }

    /** PENDING → DENIED, for this user and before expiry. */
    public boolean deny(String id, String userSub, Instant now, String reason) {
        return update(
                        "state = 'DENIED', decidedAt = :now, denyReason = :reason where id = :id and userSub = :sub"
                                + " and state = 'PENDING' and expiresAt > :now",
                        Parameters.with("now", now)
                                .and("reason", reason)
                                .and("id", id)
                                .and("sub", userSub))
                == 1;
    }

    /** APPROVED → ISSUED: the one transition that hands out tokens, won by exactly one caller. */
    public boolean markIssued(String hash, String clientId, Instant now) {
        return update(
                        "state = 'ISSUED', issuedAt = :now where authReqIdHash = :hash and clientId = :client"
                                + " and state = 'APPROVED' and expiresAt > :now",
                        Parameters.with("now", now).and("hash", hash).and("client", clientId))
                == 1;
    }

    /** PENDING → EXPIRED once expires_at has passed (ping and push, whose clients are told). */
    public boolean expire(String id, Instant now) {
        return update(
                        "state = 'EXPIRED' where id = :id and state = 'PENDING' and expiresAt <= :now",
                        Parameters.with("id", id).and("now", now))
                == 1;
    }

    /**
     * PENDING → EXPIRED before {@code expires_at}: the client withdrew the request, so it leaves the
     * user's inbox and can no longer be decided.
     */
    public boolean withdraw(String id, String clientId, Instant now) {
        return update(
                        "state = 'EXPIRED' where id = :id and clientId = :client and state = 'PENDING'"
                                + " and expiresAt > :now",
                        Parameters.with("id", id).and("client", clientId).and("now", now))
                == 1;
    }

    /** Ids of ping and push requests that expired undecided and whose client was not told yet. */
    public List<String> findExpiredToNotify(Instant now, int limit) {
        return getEntityManager()
                .createQuery(
                        "select r.id from BackchannelRequestEntity r where r.deliveryMode is not null"
                                + " and r.state = 'PENDING' and r.expiresAt <= :now order by r.expiresAt",
                        String.class)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Forgets the sealed auth_req_id and notification token once the client was notified. */
    public void eraseNotificationSecrets(String id) {
        update("notificationSecrets = null where id = ?1", id);
    }

    /** Removes requests that ended before {@code before}; they can no longer be polled or decided. */
    public long deleteEndedBefore(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
