package dev.countersign.approval;

import dev.countersign.account.Passkeys;
import dev.countersign.approval.store.ApprovalChallengeEntity;
import dev.countersign.approval.store.ApprovalChallengeRepository;
import dev.countersign.approval.store.ApprovalReceiptEntity;
import dev.countersign.approval.store.ApprovalReceiptRepository;
import dev.countersign.ciba.Approval;
import dev.countersign.ciba.CibaDecisions;
import dev.countersign.ciba.CibaDecisions.Decision;
import dev.countersign.ciba.PendingRequest;
import dev.countersign.common.ProblemException;
import dev.countersign.common.RandomTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * High-risk approvals with a passkey (issue 4). The phone asks for a challenge; the server stores a
 * fresh single-use nonce for that user and request, and the WebAuthn challenge is {@code
 * SHA-256(display_hash || nonce)}, so an assertion is bound to exactly what was shown and can be used
 * once: the nonce is consumed by one conditional delete after the assertion verified. The verified
 * assertion is stored as a receipt, in the same transaction as the decision, and the decision
 * carries {@link #ACR} and {@link #AMR} into the tokens.
 */
@ApplicationScoped
public class PasskeyApprovals {
    /** The acr of an approval confirmed with a passkey and user verification (docs/api.md). */
    public static final String ACR = "urn:countersign:acr:passkey-uv";

    /**
     * RFC 8176 §2: {@code swk} proof-of-possession of a key (without attestation the service cannot
     * claim the key is hardware-bound, so the weaker of hwk/swk), {@code user} user presence, and
     * {@code mfa} because user verification (PIN or biometric) adds a second factor to the key.
     */
    public static final List<String> AMR = List.of("swk", "user", "mfa");

    /** How long a challenge may be answered, and so how long its receipt stays fresh. */
    public static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);

    private static final int NONCE_BYTES = 32;

    private final ApprovalChallengeRepository challenges;
    private final ApprovalReceiptRepository receipts;
    private final Passkeys passkeys;
    private final Clock clock;

    public PasskeyApprovals(
            ApprovalChallengeRepository challenges,
            ApprovalReceiptRepository receipts,
            Passkeys passkeys,
            Clock clock) {
        this.challenges = challenges;
        this.receipts = receipts;
        this.passkeys = passkeys;
        this.clock = clock;
    }

    /** A challenge to sign: the WebAuthn challenge bytes and the user's passkeys to allow. */
    public record Challenge(byte[] challenge, Instant expiresAt, List<String> credentialIds) {}

    /** What the browser sent for a verified assertion (base64url fields as sent). */
    public record Assertion(String credentialId, String authenticatorData, String clientDataJson, String signature) {}

    /**
     * Issues a fresh challenge for this user and request, replacing any earlier one.
     *
     * @throws ProblemException 409 when the user has no passkey to approve with
     */
    @Transactional
    public Challenge challenge(String userSub, String requestId, String displayHash) {
        List<String> credentialIds = passkeys.credentialIdsOf(userSub);
        if (credentialIds.isEmpty()) {
            throw ProblemException.conflict(
                    "this request is high-risk and needs a passkey: add one under Passkeys first");
        }
        ApprovalChallengeEntity e = new ApprovalChallengeEntity();
        e.id = RandomTokens.of(NONCE_BYTES);
        e.requestId = requestId;
        e.userSub = userSub;
        e.expiresAt = clock.instant().plus(CHALLENGE_LIFETIME).truncatedTo(ChronoUnit.MICROS);
        challenges.replace(e);
        return new Challenge(challengeBytes(displayHash, e.id), e.expiresAt, credentialIds);
    }

    /**
     * The nonce of the user's current challenge for the request.
     *
     * @throws ProblemException 403 when there is none (never asked, used, or expired)
     */
    @Transactional
    public String currentNonce(String userSub, String requestId) {
        return challenges
                .findCurrent(requestId, userSub, clock.instant())
                .map(c -> c.id)
                .orElseThrow(() -> ProblemException.forbidden(
                        "no open passkey challenge for this request: ask for approval-options again"));
    }

    /** The WebAuthn challenge for what is shown and a nonce: SHA-256(display_hash || nonce), both as ASCII. */
    public static byte[] challengeBytes(String displayHash, String nonce) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(displayHash.getBytes(StandardCharsets.US_ASCII));
            sha.update(nonce.getBytes(StandardCharsets.US_ASCII));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Consumes the nonce, then records the passkey's use (sign counter, last use), stores the receipt
     * and approves, all in one transaction. Call only after the assertion verified against {@link
     * #challengeBytes(String, String)} of this nonce, for this user. A refusal rolls the whole
     * transaction back, so a replayed assertion changes nothing, not even the passkey's counter
     * ({@code HighRiskApprovalEndpointTest}); the nonce is consumed first so that of two concurrent
     * uses of one assertion the loser stops at the nonce's conditional delete, before it waits on the
     * passkey's row.
     *
     * @param signCount the authenticator's signature counter in the assertion
     * @throws ProblemException 403 when the nonce was already used or expired (a replay), or the passkey
     *     is another user's; 401 when its counter went backwards: nothing changes
     */
    @Transactional
    public Decision approve(
            CibaDecisions decisions,
            PendingRequest request,
            DisplayedRequest displayed,
            String nonce,
            Assertion assertion,
            long signCount,
            Optional<Integer> number) {
        String userSub = request.userSub();
        if (!challenges.consume(nonce, userSub, clock.instant())) {
            throw ProblemException.forbidden("this passkey confirmation was already used or has expired");
        }
        if (!userSub.equals(passkeys.recordUse(assertion.credentialId(), signCount))) {
            throw ProblemException.forbidden("this passkey belongs to another account");
        }
        ApprovalReceiptEntity receipt = new ApprovalReceiptEntity();
        receipt.id = RandomTokens.of(16);
        receipt.requestId = request.id();
        receipt.userSub = userSub;
        receipt.credentialId = assertion.credentialId();
        receipt.authenticatorData = assertion.authenticatorData();
        receipt.clientDataJson = assertion.clientDataJson();
        receipt.signature = assertion.signature();
        receipt.displayHash = displayed.displayHash();
        receipt.nonce = nonce;
        receipt.shown = RequestDisplay.shown(request, displayed);
        receipt.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        receipts.persistAndFlush(receipt);
        Decision decision = decisions.approve(
                userSub, request.id(), new Approval(number, Optional.of(ACR), AMR, Optional.of(receipt.id)));
        if (decision != Decision.DECIDED) {
            receipts.delete(receipt);
        }
        return decision;
    }

    /** Base64url without padding, as WebAuthn JSON uses. */
    public static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
