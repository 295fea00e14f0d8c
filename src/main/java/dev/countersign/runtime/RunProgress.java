package dev.countersign.runtime;

import dev.countersign.audit.AuditLog;
import dev.countersign.runtime.store.RunEntity;
import dev.countersign.runtime.store.RunRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Moves one waiting run on: claims its poll (a lease, so one poller at a time across instances),
 * expires it when its time is up, else asks the provider once (CIBA Core 1.0 §10.1) and acts on the
 * answer: pending → due again after the interval; {@code slow_down} → the interval grows by 5 s
 * (§11) or to {@code Retry-After}; denied, expired, refused → final; tokens → the one conditional
 * {@code AWAITING_APPROVAL → EXECUTING} and then the call to the target, or the sealed token for
 * {@code mode: token}. Each change commits with its audit event before the next step.
 */
@ApplicationScoped
public class RunProgress {
    /** §11 slow_down: "the interval MUST be increased by at least 5 seconds". */
    static final int SLOW_DOWN_SECONDS = 5;
    /** How the delegated token's nested {@code act.sub} names the run's agent (RFC 8693 §4.1). */
    static final String AGENT_PREFIX = "agent:";

    private final RunRepository runs;
    private final CibaClient provider;
    private final RunSecrets secrets;
    private final RunSchedule schedule;
    private final TargetCalls targets;
    private final RunWatchers watchers;
    private final RunWebhooks webhooks;
    private final RuntimeConfig config;
    private final AuditLog audit;
    private final Clock clock;

    public RunProgress(
            RunRepository runs,
            CibaClient provider,
            RunSecrets secrets,
            RunSchedule schedule,
            TargetCalls targets,
            RunWatchers watchers,
            RunWebhooks webhooks,
            RuntimeConfig config,
            AuditLog audit,
            Clock clock) {
        this.runs = runs;
        this.provider = provider;
        this.secrets = secrets;
        this.schedule = schedule;
        this.targets = targets;
        this.watchers = watchers;
        this.webhooks = webhooks;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    /** Polls the run once if it is due and this caller claims it; otherwise does nothing. */
    public void pollIfDue(String id) {
        Instant now = clock.instant();
        claimAndPoll(() -> claim(id, now), now);
    }

    /**
     * The provider said the user decided: the run is made due and claimed at once. With the
     * provider in this service that is one transaction with the tokens' issue and {@code
     * AWAITING_APPROVAL → EXECUTING}: one commit between the decision and the call to the target.
     * If that transaction fails, the run is still made due, so that the next tick polls it.
     */
    public void wake(String authReqIdHash) {
        Instant now = clock.instant();
        Supplier<Optional<RunEntity>> wakeAndClaim = () -> runs.byAuthReqIdHash(authReqIdHash)
                .filter(r -> runs.wake(r.id, now))
                .flatMap(r -> claim(r.id, now));
        try {
            claimAndPoll(wakeAndClaim, now);
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew()
                    .run(() -> runs.byAuthReqIdHash(authReqIdHash).ifPresent(r -> runs.wake(r.id, now)));
            throw e;
        }
    }

    /** The run, if this caller won its poll lease; the lease and poll time are all the claim changes. */
    private Optional<RunEntity> claim(String id, Instant now) {
        return runs.claimPoll(id, now, now.plus(config.pollLease())) ? runs.findByIdOptional(id) : Optional.empty();
    }

    /**
     * Claims, then polls. A provider in this service is polled in the claim's own transaction, and
     * tokens move the run to {@code EXECUTING} in it too: the claim, the tokens' issue and the
     * transition commit together or not at all. Of two pollers the claim's conditional update lets
     * one through; should both get through one after the other, the grant's single redemption
     * ({@code APPROVED → ISSUED}) and the conditional transition leave the later one nothing to do.
     */
    private void claimAndPoll(Supplier<Optional<RunEntity>> claim, Instant now) {
        if (!provider.pollsInCallersTransaction()) {
            QuarkusTransaction.requiringNew().call(claim::get).ifPresent(run -> poll(run, now));
            return;
        }
        QuarkusTransaction.requiringNew()
                .call(() -> claim.get().map(run -> pollInTransaction(run, now)))
                .ifPresent(this::afterInTransactionPoll);
    }

    /** In the caller's transaction: the provider's answer and, for tokens, the transition won. */
    private Polled pollInTransaction(RunEntity run, Instant now) {
        if (!now.isBefore(run.expiresAt)) {
            return new Polled(run, new PollOutcome.Expired(), false);
        }
        PollOutcome outcome = provider.poll(
                secrets.openAuthReqId(run.id, run.authReqIdSealed), Optional.of(AGENT_PREFIX + run.agent));
        return new Polled(run, outcome, outcome instanceof PollOutcome.Issued && beginExecution(run));
    }

    private void afterInTransactionPoll(Polled polled) {
        if (polled.outcome() instanceof PollOutcome.Issued issued) {
            if (polled.executing()) {
                carryOut(polled.run(), issued);
            }
        } else {
            act(polled.run(), polled.outcome(), clock.instant());
        }
    }

    /** A provider answering over the network, outside any transaction of ours. */
    private void poll(RunEntity run, Instant now) {
        if (!now.isBefore(run.expiresAt)) {
            finish(run, RunStatus.EXPIRED, "approval_expired");
            return;
        }
        String authReqId = secrets.openAuthReqId(run.id, run.authReqIdSealed);
        PollOutcome outcome = provider.poll(authReqId, Optional.of(AGENT_PREFIX + run.agent));
        // The next poll counts from the answer, not from the claim: a request slow to leave this
        // instance must not shorten the provider's interval (CIBA Core 1.0 §7.3).
        act(run, outcome, clock.instant());
    }

    private record Polled(RunEntity run, PollOutcome outcome, boolean executing) {}

    private void act(RunEntity run, PollOutcome outcome, Instant now) {
        if (outcome instanceof PollOutcome.Issued issued) {
            execute(run, issued);
        } else if (outcome instanceof PollOutcome.Pending) {
            reschedule(run, run.intervalSeconds, Duration.ofSeconds(run.intervalSeconds), now);
        } else if (outcome instanceof PollOutcome.SlowDown slow) {
            int grown = run.intervalSeconds + SLOW_DOWN_SECONDS;
            Duration wait = longer(Duration.ofSeconds(grown), slow.retryAfter());
            retry(run, grown, wait, now);
        } else if (outcome instanceof PollOutcome.Unreachable unreachable) {
            retry(
                    run,
                    run.intervalSeconds,
                    longer(Duration.ofSeconds(run.intervalSeconds), unreachable.retryAfter()),
                    now);
        } else if (outcome instanceof PollOutcome.Denied) {
            finish(run, RunStatus.DENIED, "user_denied");
        } else if (outcome instanceof PollOutcome.Expired) {
            finish(run, RunStatus.EXPIRED, "approval_expired");
        } else if (outcome instanceof PollOutcome.Failed failed) {
            finish(run, RunStatus.FAILED, "provider_error:" + failed.error());
        }
    }

    private void reschedule(RunEntity run, int interval, Duration wait, Instant now) {
        reschedule(run, interval, schedule.nextPoll(now, wait, run.expiresAt));
    }

    /** Slowed down or unreachable: poll at the provider's pace, a ping may already be spent. */
    private void retry(RunEntity run, int interval, Duration wait, Instant now) {
        reschedule(run, interval, schedule.retry(now, wait, run.expiresAt));
    }

    private void reschedule(RunEntity run, int interval, Instant next) {
        QuarkusTransaction.requiringNew().run(() -> runs.reschedule(run.id, next, interval));
    }

    private void execute(RunEntity run, PollOutcome.Issued issued) {
        if (QuarkusTransaction.requiringNew().call(() -> beginExecution(run))) {
            carryOut(run, issued);
        }
    }

    /** AWAITING_APPROVAL → EXECUTING in the caller's transaction, with its audit event; won once. */
    private boolean beginExecution(RunEntity run) {
        Instant lease =
                clock.instant().plus(Duration.ofMillis(run.timeoutMillis)).plus(config.executionMargin());
        if (!runs.startExecuting(run.id, lease)) {
            return false;
        }
        audit.record(Runs.event("run.approved", run));
        return true;
    }

    /** After the transition: calls the target once (or keeps the token for {@code mode: token}). */
    private void carryOut(RunEntity run, PollOutcome.Issued issued) {
        Duration timeout = Duration.ofMillis(run.timeoutMillis);
        watchers.changed(run.id);
        if (RunMode.token.name().equals(run.mode)) {
            String sealed = secrets.sealToken(run.id, issued.tokenResponse());
            record(run, RunStatus.SUCCEEDED, "token_issued", () -> runs.storeToken(run.id, sealed, clock.instant()));
            return;
        }
        TargetCalls.Outcome outcome = targets.call(
                new TargetCalls.Call(
                        run.id, run.targetMethod, URI.create(run.targetUrl), run.params, timeout, run.maxResponseBytes),
                issued.tokenType(),
                issued.accessToken());
        record(
                run,
                outcome.status(),
                outcome.reason(),
                () -> runs.recordResult(
                        run.id,
                        outcome.status().name(),
                        outcome.reason(),
                        outcome.targetStatus(),
                        outcome.headers(),
                        outcome.body(),
                        clock.instant()));
    }

    private void record(RunEntity run, RunStatus status, String reason, java.util.function.BooleanSupplier change) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (change.getAsBoolean()) {
                webhooks.finalStatusReached(run.id, run.callbackUrl, clock.instant());
                String type = status == RunStatus.SUCCEEDED ? "run.executed" : "run.failed";
                var event = status == RunStatus.SUCCEEDED ? Runs.event(type, run) : Runs.failure(type, run);
                audit.record(event.withDetail(Map.of("reason", reason)));
            }
        });
        watchers.changed(run.id);
    }

    /** Leaves AWAITING_APPROVAL for a final status. */
    void finish(RunEntity run, RunStatus status, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = clock.instant();
            if (runs.finish(run.id, RunStatus.AWAITING_APPROVAL.name(), status.name(), reason, now)) {
                webhooks.finalStatusReached(run.id, run.callbackUrl, now);
                String type = status == RunStatus.DENIED
                        ? "run.denied"
                        : status == RunStatus.EXPIRED ? "run.expired" : "run.failed";
                audit.record(Runs.failure(type, run).withDetail(Map.of("reason", reason)));
            }
        });
        watchers.changed(run.id);
    }

    /** An instance stopped during the call to the target: the outcome is unknown, never retried. */
    public void failAbandoned(String id) {
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            if (runs.failAbandoned(id, now)) {
                RunEntity run = runs.findById(id);
                webhooks.finalStatusReached(run.id, run.callbackUrl, now);
                audit.record(Runs.failure("run.failed", run).withDetail(Map.of("reason", "outcome_unknown")));
            }
        });
        watchers.changed(id);
    }

    /** A run the provider never acknowledged (the instance stopped while asking). */
    public void failUnstarted(String id) {
        QuarkusTransaction.requiringNew()
                .call(() -> runs.findByIdOptional(id))
                .ifPresent(run -> finish(run, RunStatus.FAILED, "start_interrupted"));
    }

    private static Duration longer(Duration a, Optional<Duration> b) {
        return b.filter(d -> d.compareTo(a) > 0).orElse(a);
    }
}
