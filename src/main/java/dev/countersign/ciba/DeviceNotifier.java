package dev.countersign.ciba;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Tells the {@link AuthenticationDevice} about a new request once, inside the transaction that
 * stores it, so that the device side's notification jobs commit with the request
 * ({@link AuthenticationDevice} says what the device side may do before the commit).
 */
@ApplicationScoped
class DeviceNotifier {
    private final AuthenticationDevice device;

    DeviceNotifier(AuthenticationDevice device) {
        this.device = device;
    }

    void onCreated(@Observes RequestCreated created) {
        device.notifyPending(created.request());
    }
}
