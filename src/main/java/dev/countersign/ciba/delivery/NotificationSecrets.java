package dev.countersign.ciba.delivery;

import dev.countersign.common.MasterKey;
import dev.countersign.common.SecretBox;
import jakarta.inject.Singleton;

/**
 * Seals what a notification must carry back to the client and so cannot be hashed: a request's
 * {@code auth_req_id} and {@code client_notification_token} (sealed with the request id as
 * associated data), and a job's whole notification (sealed with the job id), in a {@link SecretBox}
 * keyed by the master key for this purpose only.
 */
@Singleton
public class NotificationSecrets {
    private static final String SEPARATOR = "\n";

    private final SecretBox box;

    public NotificationSecrets(MasterKey masterKey) {
        this.box = SecretBox.forPurpose(masterKey, "ciba-notification-secrets");
    }

    /** The sealed auth_req_id and token; neither contains a line break (base64url, RFC 6750 b64token). */
    public String sealRequest(String requestId, String authReqId, String notificationToken) {
        return box.seal(authReqId + SEPARATOR + notificationToken, requestId);
    }

    RequestSecrets openRequest(String requestId, String sealed) {
        String[] parts = box.openString(sealed, requestId).split(SEPARATOR, 2);
        return new RequestSecrets(parts[0], parts[1]);
    }

    String sealNotification(String jobId, Notification notification) {
        return box.seal(notification.bearer() + SEPARATOR + notification.body(), jobId);
    }

    Notification openNotification(String jobId, String sealed) {
        String[] parts = box.openString(sealed, jobId).split(SEPARATOR, 2);
        return new Notification(parts[0], parts[1]);
    }

    /** A request's auth_req_id and client_notification_token, opened. */
    record RequestSecrets(String authReqId, String notificationToken) {
        @Override
        public String toString() {
            return "RequestSecrets[redacted]";
        }
    }
}
