package dev.countersign.ciba;

/** Fired inside the transaction that stored a new request; observed after it commits. */
record RequestCreated(PendingRequest request) {}
