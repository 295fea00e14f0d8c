package dev.countersign.approval.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.countersign.account.User;
import dev.countersign.account.Users;
import dev.countersign.common.CallerContext;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.NoStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The signed-in user's own profile, {@code GET /api/me}. */
@Path("/api/me")
public class MeResource {
    private final Users users;
    private final CallerContext caller;

    public MeResource(Users users, CallerContext caller) {
        this.users = users;
        this.caller = caller;
    }

    @GET
    @UserSession
    @Produces(MediaType.APPLICATION_JSON)
    public Response me() {
        User user = users.findBySub(caller.userSub())
                .orElseThrow(() -> ProblemException.unauthorized("sign in first: the user no longer exists"));
        return NoStore.apply(Response.ok(new Profile(
                        user.sub(),
                        user.username(),
                        user.name().orElse(null),
                        user.email().orElse(null))))
                .build();
    }

    /** What {@code GET /api/me} shows. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Profile(String sub, String username, String name, String email) {}
}
