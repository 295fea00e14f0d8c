package dev.countersign.approval;

import dev.countersign.ciba.AuthenticationDevice;
import dev.countersign.ciba.PendingRequest;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The device every user has: the approval app's inbox. A new request is listed there as soon as it
 * is stored, so this channel has nothing to send; it records that the request reached the inbox.
 * Push channels (Web Push, webhooks) replace this bean when they are configured.
 */
@ApplicationScoped
@DefaultBean
public class InboxDevice implements AuthenticationDevice {
    private static final Logger LOG = Logger.getLogger(InboxDevice.class);

    @Override
    public void notifyPending(PendingRequest request) {
        LOG.debugf("Request %s is waiting in the inbox of user %s", request.id(), request.userSub());
    }
}
