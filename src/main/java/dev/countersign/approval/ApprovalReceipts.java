package dev.countersign.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.account.Passkeys;
import dev.countersign.account.Passkeys.PublicKeyRecord;
import dev.countersign.approval.store.ApprovalReceiptEntity;
import dev.countersign.approval.store.ApprovalReceiptRepository;
import dev.countersign.ciba.ReceiptBinding;
import dev.countersign.common.Sha256;
import dev.countersign.provider.ApprovalReceiptEvidence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stored passkey approval receipts and their later verification (issue 4): anyone holding a receipt
 * can re-check, without trusting the service's decision record, that the user's passkey signed a
 * challenge bound to exactly what was shown. The operator reads them by request
 * ({@code /admin/approvals}); a resource server through introspection of an access token that names
 * one ({@link ApprovalReceiptEvidence}).
 */
@ApplicationScoped
public class ApprovalReceipts implements ApprovalReceiptEvidence, ReceiptBinding {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ID = 32;
    private static final int FLAG_USER_PRESENT = 0x01;
    private static final int FLAG_USER_VERIFIED = 0x04;

    private final ApprovalReceiptRepository receipts;
    private final Passkeys passkeys;
    private final Clock clock;

    public ApprovalReceipts(ApprovalReceiptRepository receipts, Passkeys passkeys, Clock clock) {
        this.receipts = receipts;
        this.passkeys = passkeys;
        this.clock = clock;
    }

    /**
     * A receipt binds a decision when it was made for that request by that user no longer ago than a
     * passkey challenge lives: the decision is taken in the transaction that stored it.
     */
    @Override
    @Transactional
    public boolean binds(String receiptId, String requestId, String userSub) {
        if (receiptId == null || receiptId.length() > MAX_ID) {
            return false;
        }
        Instant notBefore = clock.instant().minus(PasskeyApprovals.CHALLENGE_LIFETIME);
        return receipts.findByIdOptional(receiptId)
                .filter(r -> r.requestId.equals(requestId) && r.userSub.equals(userSub))
                .filter(r -> !r.createdAt.isBefore(notBefore))
                .isPresent();
    }

    /** A receipt as stored; binary fields base64url, {@code shown} the canonical JSON of what was shown. */
    public record Receipt(
            String id,
            String requestId,
            String userSub,
            String credentialId,
            String authenticatorData,
            String clientDataJson,
            String signature,
            String displayHash,
            String nonce,
            String shown,
            Instant createdAt) {}

    /** The result of re-checking a receipt: valid only when every check passed; problems say which failed. */
    public record Verification(boolean valid, List<String> problems) {}

    @Transactional
    public Optional<Receipt> ofRequest(String requestId) {
        return receipts.findByRequestId(requestId).map(ApprovalReceipts::toReceipt);
    }

    /**
     * Re-checks a receipt: SHA-256 of the shown JSON is the display hash; the client data is a
     * {@code webauthn.get} over SHA-256(display_hash || nonce); the authenticator saw the user present
     * and verified; and the signature over authenticatorData || SHA-256(clientDataJSON) verifies with
     * the passkey's stored public key (WebAuthn Level 2 §7.2 steps 11–21).
     */
    @Transactional
    public Optional<Verification> verify(String requestId) {
        return ofRequest(requestId).map(this::verify);
    }

    /**
     * The receipt as introspection members: the stored assertion (base64url as the browser sent it),
     * what was shown, the passkey's public key (so that the resource server can check the signature
     * itself) and {@code verification}, checked now.
     */
    @Override
    @Transactional
    public Optional<Map<String, Object>> describe(String receiptId) {
        if (receiptId == null || receiptId.length() > MAX_ID) {
            return Optional.empty();
        }
        return receipts.findByIdOptional(receiptId)
                .map(ApprovalReceipts::toReceipt)
                .map(r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", r.id());
                    m.put("request_id", r.requestId());
                    m.put("user_sub", r.userSub());
                    m.put("credential_id", r.credentialId());
                    m.put("authenticator_data", r.authenticatorData());
                    m.put("client_data_json", r.clientDataJson());
                    m.put("signature", r.signature());
                    m.put("display_hash", r.displayHash());
                    m.put("nonce", r.nonce());
                    m.put("shown", r.shown());
                    m.put("created_at", r.createdAt().getEpochSecond());
                    passkeys.publicKeyOf(r.credentialId()).ifPresent(key -> {
                        m.put("credential_public_key", PasskeyApprovals.base64Url(key.spki()));
                        m.put("credential_public_key_alg", key.alg());
                    });
                    Verification v = verify(r);
                    m.put("verification", Map.of("valid", v.valid(), "problems", v.problems()));
                    return m;
                });
    }

    Verification verify(Receipt r) {
        List<String> problems = new ArrayList<>();
        if (!Sha256.base64Url(r.shown().getBytes(StandardCharsets.UTF_8)).equals(r.displayHash())) {
            problems.add("the shown content does not match the display hash");
        }
        byte[] clientData = decode(r.clientDataJson());
        byte[] authData = decode(r.authenticatorData());
        byte[] signature = decode(r.signature());
        try {
            JsonNode client = JSON.readTree(clientData);
            if (!"webauthn.get".equals(client.path("type").asText())) {
                problems.add("the client data is not an assertion");
            }
            String expected = PasskeyApprovals.base64Url(PasskeyApprovals.challengeBytes(r.displayHash(), r.nonce()));
            if (!MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.US_ASCII),
                    client.path("challenge").asText().getBytes(StandardCharsets.US_ASCII))) {
                problems.add("the signed challenge is not bound to the display hash");
            }
        } catch (java.io.IOException | RuntimeException e) {
            problems.add("the client data is not JSON");
        }
        if (authData.length < 37
                || (authData[32] & FLAG_USER_PRESENT) == 0
                || (authData[32] & FLAG_USER_VERIFIED) == 0) {
            problems.add("the authenticator did not report user presence and verification");
        }
        Optional<PublicKeyRecord> key = passkeys.publicKeyOf(r.credentialId());
        if (key.isEmpty()) {
            problems.add("the passkey is no longer registered, so its signature cannot be checked");
        } else if (!key.get().userSub().equals(r.userSub())) {
            problems.add("the passkey belongs to another user");
        } else if (!signatureVerifies(key.get(), authData, clientData, signature)) {
            problems.add("the signature does not verify with the passkey's public key");
        }
        return new Verification(problems.isEmpty(), List.copyOf(problems));
    }

    private static boolean signatureVerifies(PublicKeyRecord key, byte[] authData, byte[] clientData, byte[] sig) {
        try {
            String[] algs = switch ((int) key.alg()) {
                case -7 -> new String[] {"EC", "SHA256withECDSA"};
                case -257 -> new String[] {"RSA", "SHA256withRSA"};
                case -8 -> new String[] {"EdDSA", "Ed25519"};
                default -> null;
            };
            if (algs == null) {
                return false;
            }
            PublicKey publicKey = KeyFactory.getInstance(algs[0]).generatePublic(new X509EncodedKeySpec(key.spki()));
            Signature verifier = Signature.getInstance(algs[1]);
            verifier.initVerify(publicKey);
            verifier.update(authData);
            verifier.update(MessageDigest.getInstance("SHA-256").digest(clientData));
            return verifier.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] decode(String base64Url) {
        try {
            return Base64.getUrlDecoder().decode(base64Url);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static Receipt toReceipt(ApprovalReceiptEntity e) {
        return new Receipt(
                e.id,
                e.requestId,
                e.userSub,
                e.credentialId,
                e.authenticatorData,
                e.clientDataJson,
                e.signature,
                e.displayHash,
                e.nonce,
                e.shown,
                e.createdAt);
    }
}
