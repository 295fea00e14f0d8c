package dev.countersign.ciba.delivery;

import dev.countersign.ciba.delivery.DeliveryAttempts.Claimed;

/**
 * A delivery job was stored already claimed for its first attempt; observed after the commit to
 * make that attempt at once, without a second transaction on the way to the client.
 */
record DeliveryScheduled(Claimed firstAttempt) {}
