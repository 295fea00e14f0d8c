package dev.countersign.ciba;

/**
 * Outbound port: tells the user's authentication device(s) that a backchannel request waits for a
 * decision. Implemented by the approval side; must not block for long and must not throw for a
 * device that cannot be reached (the request stays visible in the approval app either way).
 */
public interface AuthenticationDevice {
    void notifyPending(PendingRequest request);
}
