package dev.countersign.admin.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.countersign.approval.ApprovalReceipts;
import dev.countersign.approval.ApprovalReceipts.Receipt;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.NoStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * The operator's view of passkey approval receipts (issue 4): {@code GET
 * /admin/approvals/{request id}/receipt} returns the stored assertion and what was shown, {@code GET
 * /admin/approvals/{request id}/receipt/verify} re-checks it.
 */
@Path("/admin/approvals/{id}/receipt")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public class AdminApprovalReceiptsResource {
    private final ApprovalReceipts receipts;

    public AdminApprovalReceiptsResource(ApprovalReceipts receipts) {
        this.receipts = receipts;
    }

    @GET
    public Response read(@PathParam("id") String requestId) {
        return NoStore.apply(Response.ok(receipts.ofRequest(requestId)
                        .map(ReceiptResponse::of)
                        .orElseThrow(() -> ProblemException.notFound("no passkey receipt for this request"))))
                .build();
    }

    @GET
    @Path("verify")
    public Response verify(@PathParam("id") String requestId) {
        return NoStore.apply(Response.ok(receipts.verify(requestId)
                        .map(v -> new VerificationResponse(v.valid(), v.problems()))
                        .orElseThrow(() -> ProblemException.notFound("no passkey receipt for this request"))))
                .build();
    }

    /** A receipt on the wire; binary values base64url as the browser sent them. */
    public record ReceiptResponse(
            @JsonProperty("id") String id,
            @JsonProperty("request_id") String requestId,
            @JsonProperty("user_sub") String userSub,
            @JsonProperty("credential_id") String credentialId,
            @JsonProperty("authenticator_data") String authenticatorData,
            @JsonProperty("client_data_json") String clientDataJson,
            @JsonProperty("signature") String signature,
            @JsonProperty("display_hash") String displayHash,
            @JsonProperty("nonce") String nonce,
            @JsonProperty("shown") String shown,
            @JsonProperty("created_at") Instant createdAt) {
        static ReceiptResponse of(Receipt r) {
            return new ReceiptResponse(
                    r.id(),
                    r.requestId(),
                    r.userSub(),
                    r.credentialId(),
                    r.authenticatorData(),
                    r.clientDataJson(),
                    r.signature(),
                    r.displayHash(),
                    r.nonce(),
                    r.shown(),
                    r.createdAt());
        }
    }

    /** Whether the receipt verifies, and which checks failed. */
    public record VerificationResponse(
            @JsonProperty("valid") boolean valid,
            @JsonProperty("problems") List<String> problems) {}
}
