package dev.countersign.approval.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.countersign.approval.Device;
import dev.countersign.approval.Devices;
import dev.countersign.common.CallerContext;
import dev.countersign.common.JsonBody;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.NoStore;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * The signed-in user's devices for notifications (docs/api.md): list, register a browser's push
 * subscription (201, or 200 when the same endpoint is registered again), remove (204; another
 * user's device or an unknown id is 404).
 */
@Path("/api/me/devices")
@UserSession
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class MeDevicesResource {
    /** A push subscription with a long endpoint fits many times over. */
    static final int MAX_BODY_BYTES = 8 * 1024;

    private final Devices devices;
    private final CallerContext caller;

    public MeDevicesResource(Devices devices, CallerContext caller) {
        this.devices = devices;
        this.caller = caller;
    }

    @GET
    public Response list() {
        List<DeviceView> views =
                devices.of(caller.userSub()).stream().map(DeviceView::of).toList();
        return NoStore.apply(Response.ok(views)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(byte[] body) {
        if (body != null && body.length > MAX_BODY_BYTES) {
            throw ProblemException.badRequest("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        Devices.Registered registered = devices.register(caller.userSub(), JsonBody.readTree(body));
        return NoStore.apply(
                        Response.status(registered.created() ? 201 : 200).entity(DeviceView.of(registered.device())))
                .build();
    }

    @DELETE
    @Path("{id}")
    public Response remove(@PathParam("id") String id) {
        if (!devices.remove(caller.userSub(), id)) {
            throw ProblemException.notFound("no such device");
        }
        return Response.noContent().build();
    }

    /** A device as the app shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeviceView(
            @JsonProperty("id") String id,
            @JsonProperty("kind") String kind,
            @JsonProperty("name") String name,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("last_used_at") Instant lastUsedAt) {
        static DeviceView of(Device d) {
            return new DeviceView(
                    d.id(), d.kind(), d.name(), d.createdAt(), d.lastUsedAt().orElse(null));
        }
    }
}
