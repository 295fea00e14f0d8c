package dev.countersign.ciba;

/**
 * Outbound port: tells the user's authentication device(s) that a backchannel request waits for a
 * decision. Implemented by the approval side.
 *
 * <p>Called inside the transaction that stores the request, so that whatever the device side stores
 * to notify the user durably commits with the request or not at all: a process killed after the
 * commit loses no notification. It must not reach a device before that transaction has committed
 * (a device is never woken for a request that does not exist), must not block for long, and must
 * not throw for a device that cannot be reached (the request stays visible in the approval app
 * either way). What it fails to store fails the request.
 *
 * <p>Called before the request's own row is written, so that a request that reaches no device is
 * stored as such in the same insert (no second write of the row).
 */
public interface AuthenticationDevice {
    /**
     * @return whether the request is on its way to at least one device or channel; false when the
     *     user has no device and no channel is configured (the request then waits, unreached, in the
     *     approval app, and its agent is told: {@link DeviceReach})
     */
    boolean notifyPending(PendingRequest request);
}
