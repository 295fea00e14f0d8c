package dev.countersign.provider.http;

import dev.countersign.common.FormParameters;
import dev.countersign.common.http.BearerChallenge;
import dev.countersign.common.http.NoStore;
import dev.countersign.provider.UserInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The UserInfo endpoint (OpenID Connect Core §5.3): "The UserInfo Endpoint MUST support the use of
 * the HTTP GET and HTTP POST methods" and accepts the access token as a Bearer token (RFC 6750 §2.1
 * header, §2.2 form body). A request without any token gets RFC 6750 §3's bare challenge; errors
 * carry {@code WWW-Authenticate: Bearer} with {@code error} (see {@code ErrorMappers}).
 */
@Path("/userinfo")
public class UserInfoResource {
    private final UserInfo userInfo;

    public UserInfoResource(UserInfo userInfo) {
        this.userInfo = userInfo;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return answer(BearerCredentials.of(authorization, Optional.empty()));
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response post(
            byte[] body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        // RFC 6750 §2.2: the form body counts only with Content-Type application/x-www-form-urlencoded.
        boolean isForm =
                contentType != null && contentType.toLowerCase().startsWith(MediaType.APPLICATION_FORM_URLENCODED);
        Optional<FormParameters> form = isForm ? Optional.of(FormParameters.parse(body)) : Optional.empty();
        return answer(BearerCredentials.of(authorization, form));
    }

    private Response answer(Optional<String> token) {
        if (token.isEmpty()) {
            // RFC 6750 §3.1: without any authentication information "the resource server SHOULD NOT
            // include an error code or other error information".
            return NoStore.apply(Response.status(Response.Status.UNAUTHORIZED))
                    .header(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.REALM)
                    .build();
        }
        return NoStore.apply(Response.ok(userInfo.claims(token.get()), MediaType.APPLICATION_JSON_TYPE))
                .build();
    }
}
