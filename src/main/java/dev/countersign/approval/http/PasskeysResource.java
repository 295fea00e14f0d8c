package dev.countersign.approval.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.countersign.account.Passkey;
import dev.countersign.account.Passkeys;
import dev.countersign.account.User;
import dev.countersign.account.Users;
import dev.countersign.common.CallerContext;
import dev.countersign.common.JsonBody;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.NoStore;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Set;

/**
 * The signed-in user's passkeys: registration (options, then the browser's answer), list, rename,
 * remove. Registration needs a session, so a passkey is only ever added by someone who already
 * signed in (with a password or another passkey).
 */
@Path("/api/me/passkeys")
@UserSession
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class PasskeysResource {
    private final Passkeys passkeys;
    private final Users users;
    private final PasskeyCeremony ceremony;
    private final CallerContext caller;

    public PasskeysResource(Passkeys passkeys, Users users, PasskeyCeremony ceremony, CallerContext caller) {
        this.passkeys = passkeys;
        this.users = users;
        this.ceremony = ceremony;
        this.caller = caller;
    }

    @GET
    public Response list() {
        return NoStore.apply(Response.ok(passkeys.listOf(caller.userSub()).stream()
                        .map(PasskeyView::of)
                        .toList()))
                .build();
    }

    /** Starts a registration: {@code PublicKeyCredentialCreationOptions} for {@code navigator.credentials.create}. */
    @POST
    @Path("registration-options")
    public Response registrationOptions(RoutingContext ctx) {
        User user = users.findBySub(caller.userSub())
                .orElseThrow(() -> ProblemException.unauthorized("sign in first: the user no longer exists"));
        String options = ceremony.registrationOptions(
                user.sub(), user.username(), user.name().orElse(null), ctx);
        return NoStore.apply(Response.ok(options)).build();
    }

    /** Finishes a registration: {@code {"name": "…", "credential": <the PublicKeyCredential as JSON>}}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(byte[] body, RoutingContext ctx) {
        JsonBody json = JsonBody.parse(body, Set.of("name", "credential"));
        String name = Passkeys.checkName(json.requiredString("name"));
        var verified = ceremony.verifyRegistration(caller.userSub(), json.requiredObject("credential"), ctx);
        Passkey added = passkeys.add(caller.userSub(), name, verified);
        return NoStore.apply(Response.status(201).entity(PasskeyView.of(added))).build();
    }

    /** Renames a passkey: {@code {"name": "…"}}. */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public PasskeyView rename(@PathParam("id") String id, byte[] body) {
        String name = JsonBody.parse(body, Set.of("name")).requiredString("name");
        return passkeys.rename(caller.userSub(), id, name)
                .map(PasskeyView::of)
                .orElseThrow(() -> ProblemException.notFound("no such passkey"));
    }

    @DELETE
    @Path("{id}")
    public Response remove(@PathParam("id") String id) {
        if (!passkeys.remove(caller.userSub(), id)) {
            throw ProblemException.notFound("no such passkey");
        }
        return Response.noContent().build();
    }

    /** A passkey in the API: its id, name and dates. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PasskeyView(
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("last_used_at") Instant lastUsedAt) {
        static PasskeyView of(Passkey p) {
            return new PasskeyView(
                    p.id(), p.name(), p.createdAt(), p.lastUsedAt().orElse(null));
        }
    }
}
