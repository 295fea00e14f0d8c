package dev.countersign.common.store;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The lease protocol of the durable job tables ({@code delivery_jobs}, {@code notification_jobs},
 * {@code runtime_webhooks}), written once. A job is {@code PENDING} until it ends; it is due at
 * {@code next_attempt_at}. An attempt is claimed by one conditional update that sets a lease and
 * counts the attempt, so that one attempt runs at a time across instances sharing a database and
 * across a restart (a lease that has passed lets another instance, or the next start, take the
 * job over). Every outcome is one conditional update on the claimed attempt: still pending, and
 * still at the attempt number the claim gave it, so a late outcome of a lost lease changes nothing.
 *
 * <p>Each repository holds one instance, made with its entity's name and the name of its id field
 * (constants, never input), and passes its entity manager.
 */
public final class JobLeases {
    public static final String PENDING = "PENDING";

    private final String findDue;
    private final String claim;
    private final String scheduleRetry;
    private final String deleteFinished;

    /**
     * @param entity the entity's name in queries, e.g. {@code DeliveryJobEntity}
     * @param id the name of the entity's id field, e.g. {@code id}
     */
    public JobLeases(String entity, String id) {
        this.findDue = "select j." + id + " from " + entity + " j where j.status = 'PENDING'"
                + " and j.nextAttemptAt <= :now and (j.leaseUntil is null or j.leaseUntil <= :now)"
                + " order by j.nextAttemptAt";
        this.claim = "update " + entity + " j set j.leaseUntil = :lease, j.attempts = j.attempts + 1"
                + " where j." + id + " = :id and j.status = 'PENDING'"
                + " and j.nextAttemptAt <= :now and (j.leaseUntil is null or j.leaseUntil <= :now)";
        this.scheduleRetry = "update " + entity + " j set j.leaseUntil = null, j.nextAttemptAt = :next,"
                + " j.lastError = :error where j." + id + " = :id and j.status = 'PENDING' and j.attempts = :attempt";
        this.deleteFinished = "delete from " + entity + " j where j.status <> 'PENDING' and j.finishedAt < :before";
    }

    /** Ids of pending jobs that are due and not leased, oldest first. */
    public List<String> findDue(EntityManager em, Instant now, int limit) {
        return em.createQuery(findDue, String.class)
                .setParameter("now", micros(now))
                .setMaxResults(limit)
                .getResultList();
    }

    /** Claims the next attempt: a due, unleased, pending job gets a lease and one more attempt. */
    public boolean claim(EntityManager em, String id, Instant now, Instant leaseUntil) {
        return em.createQuery(claim)
                        .setParameter("lease", micros(leaseUntil))
                        .setParameter("id", id)
                        .setParameter("now", micros(now))
                        .executeUpdate()
                == 1;
    }

    /** The claimed attempt failed and another one is due at {@code next}. */
    public boolean scheduleRetry(EntityManager em, String id, int attempt, Instant next, String error) {
        return em.createQuery(scheduleRetry)
                        .setParameter("next", micros(next))
                        .setParameter("error", error)
                        .setParameter("id", id)
                        .setParameter("attempt", attempt)
                        .executeUpdate()
                == 1;
    }

    /** Removes the jobs that ended before {@code before}; returns how many. */
    public long deleteFinishedBefore(EntityManager em, Instant before) {
        return em.createQuery(deleteFinished)
                .setParameter("before", micros(before))
                .executeUpdate();
    }

    /**
     * Times are stored with microsecond precision (timestamp(6), rounded by H2 and PostgreSQL); an
     * instant is truncated to it before it is stored or compared, so that a job stored "due now" is
     * due at that same instant.
     */
    public static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
