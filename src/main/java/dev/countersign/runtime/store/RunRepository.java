package dev.countersign.runtime.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The store of runs. Every change of status is one conditional update naming the status it leaves
 * and returns whether it won, so that of two pollers, two executors or two instances exactly one
 * moves a run on. A poll or an execution is claimed with a lease ({@code lease_until}); a lease
 * left behind by a stopped instance runs out and the run is due again (or, mid-execution, failed
 * as {@code outcome_unknown}). Statuses are the names of {@code RunStatus}.
 */
@ApplicationScoped
public class RunRepository implements PanacheRepositoryBase<RunEntity, String> {
    private static final String AWAITING = "AWAITING_APPROVAL";

    public void insert(RunEntity run) {
        run.createdAt = micros(run.createdAt);
        run.expiresAt = micros(run.expiresAt);
        persist(run);
        flush();
    }

    public Optional<RunEntity> byAgentAndKey(String agent, String idempotencyKey) {
        return find("agent = ?1 and idempotencyKey = ?2", agent, idempotencyKey).firstResultOptional();
    }

    public Optional<RunEntity> byAuthReqIdHash(String hash) {
        return find("authReqIdHash = ?1 and status = ?2", hash, AWAITING).firstResultOptional();
    }

    /**
     * The run whose request has this {@code auth_req_id} hash, whatever its status: a ping may come
     * again after the run moved on, and is then answered without waking anything.
     */
    public Optional<RunEntity> anyByAuthReqIdHash(String hash) {
        return find("authReqIdHash", hash).firstResultOptional();
    }

    /** The provider acknowledged the request: the run waits for the user from now on. */
    public boolean attachStart(
            String id, String hash, String sealed, int intervalSeconds, Instant expiresAt, Instant next) {
        return update(
                        "authReqIdHash = :hash, authReqIdSealed = :sealed, intervalSeconds = :interval,"
                                + " expiresAt = :expires, nextPollAt = :next"
                                + " where id = :id and status = 'AWAITING_APPROVAL' and authReqIdSealed is null",
                        Parameters.with("hash", hash)
                                .and("sealed", sealed)
                                .and("interval", intervalSeconds)
                                .and("expires", micros(expiresAt))
                                .and("next", micros(next))
                                .and("id", id))
                == 1;
    }

    /** Ids of runs awaiting approval whose next poll is due and that no one holds, soonest first. */
    public List<String> findDue(Instant now, int limit) {
        return getEntityManager()
                .createQuery(
                        "select r.id from RunEntity r where r.status = 'AWAITING_APPROVAL' and r.nextPollAt <= :now"
                                + " and (r.leaseUntil is null or r.leaseUntil <= :now) order by r.nextPollAt",
                        String.class)
                .setParameter("now", micros(now))
                .setMaxResults(limit)
                .getResultList();
    }

    /**
     * Claims the next poll of a due run: it gets a lease so that no other poller takes it.
     *
     * <p>Only a run awaiting approval has a {@code next_poll_at} (every change out of {@code
     * AWAITING_APPROVAL} clears it), so the due time alone says the run still waits; the statement
     * names no status on purpose. With {@code status} beside {@code next_poll_at <= ?}, H2 costs the
     * {@code (status, next_poll_at)} index below the primary key while a table has no statistics
     * yet (fewer than 2,000 changes), keeps that plan in each connection's statement cache after
     * the table has grown, and then walks every due run to update one: about 1 ms per claim with
     * 2,000 runs waiting, growing with their number. Without it only the primary key can serve.
     */
    public boolean claimPoll(String id, Instant now, Instant leaseUntil) {
        return update(
                        "leaseUntil = :lease where id = :id and nextPollAt <= :now"
                                + " and (leaseUntil is null or leaseUntil <= :now)",
                        Parameters.with("lease", micros(leaseUntil))
                                .and("id", id)
                                .and("now", micros(now)))
                == 1;
    }

    /** The poll found the user undecided: the run is due again at {@code next}, with this interval. */
    public boolean reschedule(String id, Instant next, int intervalSeconds) {
        return update(
                        "leaseUntil = null, nextPollAt = :next, intervalSeconds = :interval"
                                + " where id = :id and status = 'AWAITING_APPROVAL'",
                        Parameters.with("next", micros(next))
                                .and("interval", intervalSeconds)
                                .and("id", id))
                == 1;
    }

    /** The provider told us the user decided: the run is due now (unless someone holds it). */
    public boolean wake(String id, Instant now) {
        return update(
                        "nextPollAt = :now where id = :id and status = 'AWAITING_APPROVAL' and authReqIdSealed is not null",
                        Parameters.with("now", micros(now)).and("id", id))
                == 1;
    }

    /** AWAITING_APPROVAL → EXECUTING, won exactly once; the lease covers the call to the target. */
    public boolean startExecuting(String id, Instant leaseUntil) {
        return update(
                        "status = 'EXECUTING', leaseUntil = :lease, nextPollAt = null, authReqIdSealed = null"
                                + " where id = :id and status = 'AWAITING_APPROVAL'",
                        Parameters.with("lease", micros(leaseUntil)).and("id", id))
                == 1;
    }

    /** Leaves {@code from} for a final status with a reason; false if the run was not in {@code from}. */
    public boolean finish(String id, String from, String to, String reason, Instant now) {
        return update(
                        "status = :to, reason = :reason, finishedAt = :now, leaseUntil = null, nextPollAt = null,"
                                + " authReqIdSealed = null where id = :id and status = :from",
                        Parameters.with("to", to)
                                .and("reason", reason)
                                .and("now", micros(now))
                                .and("id", id)
                                .and("from", from))
                == 1;
    }

    /** Cancels a run of this agent that still awaits approval. */
    public boolean cancel(String id, String agent, Instant now) {
        return update(
                        "status = 'CANCELLED', reason = 'cancelled_by_agent', finishedAt = :now, leaseUntil = null,"
                                + " nextPollAt = null, authReqIdSealed = null"
                                + " where id = :id and agent = :agent and status = 'AWAITING_APPROVAL'",
                        Parameters.with("now", micros(now)).and("id", id).and("agent", agent))
                == 1;
    }

    /** EXECUTING → {@code to} with what the target answered. */
    public boolean recordResult(
            String id, String to, String reason, Integer status, String headers, String body, Instant now) {
        return update(
                        "status = :to, reason = :reason, targetStatus = :status, targetHeaders = :headers,"
                                + " targetBody = :body, finishedAt = :now, leaseUntil = null"
                                + " where id = :id and status = 'EXECUTING'",
                        Parameters.with("to", to)
                                .and("reason", reason)
                                .and("status", status)
                                .and("headers", headers)
                                .and("body", body)
                                .and("now", micros(now))
                                .and("id", id))
                == 1;
    }

    /** EXECUTING → SUCCEEDED for mode=token, keeping the sealed token response until it is read. */
    public boolean storeToken(String id, String sealed, Instant now) {
        return update(
                        "status = 'SUCCEEDED', reason = 'token_issued', tokenSealed = :sealed, finishedAt = :now,"
                                + " leaseUntil = null where id = :id and status = 'EXECUTING'",
                        Parameters.with("sealed", sealed)
                                .and("now", micros(now))
                                .and("id", id))
                == 1;
    }

    /** Erases the sealed token response; only the caller that wins may hand it out. */
    public boolean takeToken(String id, String sealed) {
        return update("tokenSealed = null where id = ?1 and tokenSealed = ?2", id, sealed) == 1;
    }

    /** Runs left EXECUTING by an instance that stopped mid-call (its lease ran out). */
    public List<String> findAbandonedExecutions(Instant now, int limit) {
        return getEntityManager()
                .createQuery(
                        "select r.id from RunEntity r where r.status = 'EXECUTING' and r.leaseUntil <= :now",
                        String.class)
                .setParameter("now", micros(now))
                .setMaxResults(limit)
                .getResultList();
    }

    /** EXECUTING with a lapsed lease → FAILED {@code outcome_unknown}: never retried blindly. */
    public boolean failAbandoned(String id, Instant now) {
        return update(
                        "status = 'FAILED', reason = 'outcome_unknown', finishedAt = :now, leaseUntil = null"
                                + " where id = :id and status = 'EXECUTING' and leaseUntil <= :now",
                        Parameters.with("now", micros(now)).and("id", id))
                == 1;
    }

    /** Runs stored but never acknowledged by the provider (the instance stopped during the start). */
    public List<String> findUnstarted(Instant createdBefore, int limit) {
        return getEntityManager()
                .createQuery(
                        "select r.id from RunEntity r where r.status = 'AWAITING_APPROVAL'"
                                + " and r.authReqIdSealed is null and r.createdAt <= :before",
                        String.class)
                .setParameter("before", micros(createdBefore))
                .setMaxResults(limit)
                .getResultList();
    }

    /** Stored times have microsecond precision; instants are truncated before they are compared. */
    public static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
