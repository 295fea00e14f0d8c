package dev.countersign.ciba;

/**
 * The life of a backchannel authentication request. The database is the source of truth and every
 * transition is one conditional update, so two pollers or two instances cannot both win.
 *
 * <pre>
 *              approve            token poll (exactly once)
 *   PENDING ───────────▶ APPROVED ─────────────────────────▶ ISSUED
 *      │  deny
 *      ├──────────────▶ DENIED
 *      │  expires_at passed
 *      └──────────────▶ EXPIRED      (derived on read; APPROVED past expiry is EXPIRED too)
 * </pre>
 *
 * <p>For ping and push requests {@code PENDING → EXPIRED} is also stored, by the one conditional
 * update that wins the right to notify the client (CIBA Core 1.0 §10.2, §12); a push approval moves
 * {@code APPROVED → ISSUED} in the same transaction, since its tokens are minted at once. A
 * {@code PENDING} request its client withdraws ({@code BackchannelAuthentication.withdraw}, the
 * embedded runtime cancelling a run) is stored {@code EXPIRED} before its time.
 */
public enum RequestState {
    PENDING,
    APPROVED,
    DENIED,
    ISSUED,
    EXPIRED
}
