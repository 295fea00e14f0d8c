package dev.countersign.ciba.delivery;

/** A delivery job was stored; observed after the commit to attempt it at once. */
record DeliveryScheduled(String jobId) {}
