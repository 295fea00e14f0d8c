package dev.countersign.ciba;

/**
 * Outbound port: whether a passkey approval receipt may approve a request. The decision path must not
 * take any receipt id on trust: the receipt must have been made for this request, by this user, and
 * be fresh (issue 4: "a fresh passkey assertion"). The approval side, which stores receipts and knows
 * how long a passkey challenge lives, implements it.
 */
public interface ReceiptBinding {
    /** Whether the receipt exists, was made for {@code requestId} by {@code userSub}, and is fresh. */
    boolean binds(String receiptId, String requestId, String userSub);
}
