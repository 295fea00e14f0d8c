package dev.countersign.admin.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.countersign.ciba.DeliveryRecord;
import dev.countersign.ciba.NotificationDeliveries;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.NoStore;
import dev.countersign.common.http.QueryLimit;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The operator's view of ping and push deliveries (CIBA Core 1.0 §10.2, §10.3):
 * {@code GET /admin/deliveries?status=failed} lists them, {@code POST /admin/deliveries/{id}/retry}
 * tries a failed one again.
 */
@Path("/admin/deliveries")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public class AdminDeliveriesResource {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;
    private static final Set<String> PARAMETERS = Set.of("status", "limit");

    private final NotificationDeliveries deliveries;

    public AdminDeliveriesResource(NotificationDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    /** {@code status}: pending, delivered or failed (default failed); {@code limit}: 1 to 500 (100). */
    @GET
    public Response list(UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        for (var entry : query.entrySet()) {
            if (!PARAMETERS.contains(entry.getKey()) || entry.getValue().size() != 1) {
                throw ProblemException.badRequest("only status and limit are accepted, each at most once");
            }
        }
        String status = query.containsKey("status") ? query.getFirst("status") : "failed";
        if (!NotificationDeliveries.STATUSES.contains(status)) {
            throw ProblemException.badRequest("status must be one of " + NotificationDeliveries.STATUSES);
        }
        List<DeliveryView> views =
                deliveries.list(status, QueryLimit.of(query.get("limit"), DEFAULT_LIMIT, MAX_LIMIT)).stream()
                        .map(DeliveryView::of)
                        .toList();
        return NoStore.apply(Response.ok(new Page(views))).build();
    }

    @GET
    @Path("{id}")
    public Response read(@PathParam("id") String id) {
        DeliveryRecord record =
                deliveries.find(id).orElseThrow(() -> ProblemException.notFound("no delivery with this id"));
        return NoStore.apply(Response.ok(DeliveryView.of(record))).build();
    }

    /** 204 when a failed delivery was put back in line; 404 unknown; 409 when it is not failed. */
    @POST
    @Path("{id}/retry")
    public Response retry(@PathParam("id") String id) {
        if (deliveries.retry(id)) {
            return Response.noContent().build();
        }
        if (deliveries.find(id).isEmpty()) {
            throw ProblemException.notFound("no delivery with this id");
        }
        throw ProblemException.conflict("only a failed delivery can be retried");
    }

    /** A page of deliveries, newest first. */
    public record Page(List<DeliveryView> deliveries) {}

    /** One delivery as the operator sees it: never its payload or bearer token. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryView(
            String id,
            @JsonProperty("request_id") String requestId,
            @JsonProperty("client_id") String clientId,
            String mode,
            String kind,
            String endpoint,
            String status,
            int attempts,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("next_attempt_at") Instant nextAttemptAt,
            @JsonProperty("finished_at") Instant finishedAt,
            @JsonProperty("last_error") String lastError) {
        static DeliveryView of(DeliveryRecord r) {
            return new DeliveryView(
                    r.id(),
                    r.requestId(),
                    r.clientId(),
                    r.mode(),
                    r.kind(),
                    r.endpoint(),
                    r.status(),
                    r.attempts(),
                    r.createdAt(),
                    r.status().equals("pending") ? r.nextAttemptAt() : null,
                    r.finishedAt().orElse(null),
                    r.lastError().orElse(null));
        }
    }
}
