package dev.countersign.runtime;

import java.util.Locale;

/**
 * Where a run is. The database holds the status and every transition is one conditional update
 * naming the status it leaves, so a transition happens once however many pollers, executors or
 * instances race for it:
 *
 * <pre>
 *                      ┌──────────── cancel (agent) ─────────────▶ CANCELLED
 *                      │
 *   POST /v1/runs ─▶ AWAITING_APPROVAL ── provider refuses / errs ─▶ FAILED   (provider_error:&lt;error&gt;)
 *                      │  │  │
 *                      │  │  └── access_denied ──────────────────▶ DENIED   (user_denied)
 *                      │  └───── expired_token / past expires_at ─▶ EXPIRED  (approval_expired)
 *                      │
 *                      └── tokens issued (wins once) ─▶ EXECUTING ─┬─▶ SUCCEEDED (target_status:2xx, token_issued)
 *                                                                  └─▶ FAILED    (target_status:&lt;n&gt;,
 *                                                                                 target_unreachable,
 *                                                                                 outcome_unknown)
 * </pre>
 *
 * {@code EXECUTING → FAILED outcome_unknown} is taken when an instance stopped during the call to
 * the target (its lease ran out): the target may or may not have acted, so the run is never
 * retried blindly.
 */
public enum RunStatus {
    AWAITING_APPROVAL,
    EXECUTING,
    SUCCEEDED,
    FAILED,
    DENIED,
    EXPIRED,
    CANCELLED;

    /** The status as the API writes it, e.g. {@code awaiting_approval}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the run can no longer change. */
    public boolean isFinal() {
        return this != AWAITING_APPROVAL && this != EXECUTING;
    }
}
