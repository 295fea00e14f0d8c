package dev.countersign.provider;

import java.util.Locale;

/** Where a signing key stands in its rotation: published ahead of use, signing, or superseded. */
public enum KeyStatus {
    /** Published in the JWKS, not yet signing. */
    NEXT,
    /** The key that signs now. */
    ACTIVE,
    /** Superseded; published until every token it signed has expired, then dropped. */
    RETIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
