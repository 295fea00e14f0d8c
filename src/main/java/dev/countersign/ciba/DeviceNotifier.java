package dev.countersign.ciba;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.jboss.logging.Logger;

/**
 * Tells the {@link AuthenticationDevice} about a new request once, after the transaction that
 * stored it has committed: a device is never woken for a request that does not exist. A device
 * failure never fails the request, which stays visible in the approval app.
 */
@ApplicationScoped
class DeviceNotifier {
    private static final Logger LOG = Logger.getLogger(DeviceNotifier.class);

    private final AuthenticationDevice device;

    DeviceNotifier(AuthenticationDevice device) {
        this.device = device;
    }

    void onCreated(@Observes(during = TransactionPhase.AFTER_SUCCESS) RequestCreated created) {
        try {
            device.notifyPending(created.request());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Could not notify the device of request %s: %s",
                    created.request().id(), e.toString());
        }
    }
}
