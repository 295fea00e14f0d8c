package dev.countersign.admin.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.countersign.audit.AuditPage;
import dev.countersign.audit.AuditTrail;
import dev.countersign.audit.ChainVerification;
import dev.countersign.audit.SealedEvent;
import dev.countersign.common.http.NoStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The operator's read of the hash-chained audit trail: {@code GET /admin/audit} pages through
 * sealed events with filters, {@code GET /admin/audit/verify} checks the chain.
 */
@Path("/admin/audit")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public class AdminAuditResource {
    private final AuditTrail trail;

    public AdminAuditResource(AuditTrail trail) {
        this.trail = trail;
    }

    @GET
    public Response search(UriInfo uri) {
        AuditPage page = trail.search(AuditQueryParameters.parse(uri.getQueryParameters()));
        List<EventView> events = page.events().stream().map(EventView::of).toList();
        Long next = page.next().isPresent() ? page.next().getAsLong() : null;
        return NoStore.apply(Response.ok(new PageView(events, next))).build();
    }

    @GET
    @Path("verify")
    public Response verify() {
        ChainVerification result = trail.verify();
        Long broken =
                result.firstBrokenSeq().isPresent() ? result.firstBrokenSeq().getAsLong() : null;
        return NoStore.apply(Response.ok(new VerificationView(result.intact(), result.checked(), broken)))
                .build();
    }

    /** One page: {@code next} is the {@code after} value of the following page, null on the last. */
    public record PageView(List<EventView> events, Long next) {}

    /** One sealed event as the operator sees it. */
    public record EventView(
            long seq,
            @JsonProperty("occurred_at") Instant occurredAt,
            String type,
            String outcome,
            String actor,
            @JsonProperty("client_id") String clientId,
            @JsonProperty("user_sub") String userSub,
            String subject,
            Map<String, String> detail,
            @JsonProperty("prev_hash") String prevHash,
            String hash) {
        static EventView of(SealedEvent e) {
            return new EventView(
                    e.seq(),
                    e.occurredAt(),
                    e.type(),
                    e.outcome(),
                    e.actor(),
                    e.clientId(),
                    e.userSub(),
                    e.subject(),
                    e.detail(),
                    e.prevHash(),
                    e.hash());
        }
    }

    /** The result of a chain check. */
    public record VerificationView(
            boolean intact,
            long checked,
            @JsonProperty("first_broken_seq") Long firstBrokenSeq) {}
}
