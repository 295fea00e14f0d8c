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
 */
public enum RequestState {
    PENDING,
    APPROVED,
    DENIED,
    ISSUED,
    EXPIRED
}
