package dev.countersign.approval;

import dev.countersign.common.MasterKey;
import dev.countersign.common.SecretBox;
import jakarta.inject.Singleton;

/**
 * Seals what the approval side stores and must read back: notification payloads (with the job id
 * as associated data) and device push subscriptions (with the device id), in a {@link SecretBox}
 * keyed by the master key for this purpose only.
 */
@Singleton
public class NotificationSeal {
    private final SecretBox box;

    NotificationSeal(MasterKey masterKey) {
        this.box = SecretBox.forPurpose(masterKey, "approval-notifications");
    }

    public String seal(String rowId, String plaintext) {
        return box.seal(plaintext, rowId);
    }

    public String open(String rowId, String sealed) {
        return box.openString(sealed, rowId);
    }
}
