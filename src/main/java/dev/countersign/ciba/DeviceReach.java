package dev.countersign.ciba;

import dev.countersign.ciba.store.BackchannelRequestRepository;
import dev.countersign.common.SecretHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Whether a pending request reached a device of its user (issue 4: "If a user has no device at all,
 * the request still appears in the app, and the agent is told clearly"). The approval side records
 * a request that reached none through {@link CibaDecisions#markUnreached}; a poll of it answers
 * CIBA Core 1.0 §11 {@code authorization_pending} with {@link #NO_DEVICE_DESCRIPTION}, and the
 * embedded runtime reads it here to give its waiting run the reason {@link #NO_DEVICE_REASON}.
 * The request stays pending: the user may still open the approval app and decide.
 */
@ApplicationScoped
public class DeviceReach {
    /** The machine-readable reason of a waiting run whose request reached no device. */
    public static final String NO_DEVICE_REASON = "user_has_no_device";

    /** The {@code error_description} of {@code authorization_pending} for such a request. */
    public static final String NO_DEVICE_DESCRIPTION = "the user has not decided yet and no device of the user was"
            + " notified (the user has no registered device): the request waits in the approval app";

    private final BackchannelRequestRepository requests;
    private final SecretHasher hasher;

    DeviceReach(BackchannelRequestRepository requests, SecretHasher hasher) {
        this.requests = requests;
        this.hasher = hasher;
    }

    /** Whether the request of this {@code auth_req_id} is pending and reached no device. */
    @Transactional
    public boolean reachedNoDevice(String authReqId) {
        return requests.isPendingAndUnreached(hasher.hash(authReqId));
    }
}
