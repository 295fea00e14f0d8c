package dev.countersign.common.outbound;

/** An outbound URL that the policy refuses; the message says why and is safe to show the caller. */
public class OutboundUrlRejected extends RuntimeException {
    public OutboundUrlRejected(String message) {
        super(message, null, false, false);
    }
}
