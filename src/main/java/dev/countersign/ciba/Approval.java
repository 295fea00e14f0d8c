package dev.countersign.ciba;

import java.util.List;
import java.util.Optional;

/**
 * How the user approved, passed to {@link CibaDecisions#approve(String, String, Approval)}.
 *
 * @param number the number the user picked, for a request with number matching
 * @param acr the authentication context class of the approval, for the tokens (set by the passkey slice)
 * @param amr the authentication methods of the approval, e.g. {@code ["hwk", "user"]} (passkey slice)
 * @param receiptId the stored passkey approval receipt, for a high-risk approval (passkey slice)
 */
public record Approval(Optional<Integer> number, Optional<String> acr, List<String> amr, Optional<String> receiptId) {
    public Approval {
        amr = List.copyOf(amr);
    }

    /** An approval with nothing more than the signed-in session. */
    public static Approval plain() {
        return new Approval(Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    /** An approval with the number the user picked. */
    public static Approval withNumber(int number) {
        return new Approval(Optional.of(number), Optional.empty(), List.of(), Optional.empty());
    }
}
