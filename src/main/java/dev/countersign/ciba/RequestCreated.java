package dev.countersign.ciba;

/** Fired inside the transaction that stored a new request, and observed there. */
record RequestCreated(PendingRequest request) {}
