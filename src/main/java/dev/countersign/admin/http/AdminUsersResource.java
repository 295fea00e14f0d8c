package dev.countersign.admin.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.countersign.account.User;
import dev.countersign.account.Users;
import dev.countersign.admin.UserAdministration;
import dev.countersign.common.JsonBody;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.NoStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.Set;

/**
 * The operator's user API: create, read, delete and unlock users. Never returns a password or
 * its hash. Bad input is a 400 problem, a taken username or e-mail a 409, an unknown user a 404.
 */
@Path("/admin/users")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {
    private static final Set<String> MEMBERS = Set.of("username", "email", "name", "password");

    private final UserAdministration administration;
    private final Users users;

    public AdminUsersResource(UserAdministration administration, Users users) {
        this.administration = administration;
        this.users = users;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(byte[] body, UriInfo uri) {
        JsonBody json = JsonBody.parse(body, MEMBERS);
        User user = administration.create(
                json.requiredString("username"),
                json.optionalString("email").orElse(null),
                json.optionalString("name").orElse(null),
                json.requiredString("password"));
        return NoStore.apply(Response.created(
                        uri.getBaseUriBuilder().path("admin/users/{sub}").build(user.sub())))
                .entity(UserView.of(user))
                .build();
    }

    @GET
    @Path("{sub}")
    public Response read(@PathParam("sub") String sub) {
        User user = users.findBySub(sub).orElseThrow(AdminUsersResource::unknown);
        return NoStore.apply(Response.ok(UserView.of(user))).build();
    }

    @DELETE
    @Path("{sub}")
    public Response delete(@PathParam("sub") String sub) {
        if (!administration.delete(sub)) {
            throw unknown();
        }
        return Response.noContent().build();
    }

    @POST
    @Path("{sub}/unlock")
    public Response unlock(@PathParam("sub") String sub) {
        if (!administration.unlock(sub)) {
            throw unknown();
        }
        return Response.noContent().build();
    }

    private static ProblemException unknown() {
        return ProblemException.notFound("no user with this sub");
    }

    /** A user as the operator API shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserView(
            String sub,
            String username,
            String email,
            String name,
            @JsonProperty("created_at") Instant createdAt) {
        static UserView of(User user) {
            return new UserView(
                    user.sub(),
                    user.username(),
                    user.email().orElse(null),
                    user.name().orElse(null),
                    user.createdAt());
        }
    }
}
