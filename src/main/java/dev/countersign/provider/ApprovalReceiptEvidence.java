package dev.countersign.provider;

import java.util.Map;
import java.util.Optional;

/**
 * Outbound port: the passkey approval receipt that an access token names (issue 4: "the assertion
 * is stored as an approval receipt that the operator (and a resource server, through the API) can
 * verify later"). An access token minted from a passkey approval carries the receipt's id in the
 * {@link #CLAIM} claim; introspection (RFC 7662 §2.2 allows members beyond the listed ones) answers
 * the receipt and its re-verification in {@link #MEMBER} to a client allowed to introspect the token.
 * Implemented by the approval side, which stores the receipts.
 */
public interface ApprovalReceiptEvidence {
    /** The access token claim naming the receipt (a JWT private claim, RFC 7519 §4.3). */
    String CLAIM = "approval_receipt";

    /** The introspection member holding the receipt and its verification. */
    String MEMBER = "approval_receipt_details";

    /**
     * The receipt with this id as JSON members (the stored assertion, what was shown, the passkey's
     * public key) and {@code verification}: {@code {"valid", "problems"}}, checked now; empty when
     * there is no such receipt.
     */
    Optional<Map<String, Object>> describe(String receiptId);
}
