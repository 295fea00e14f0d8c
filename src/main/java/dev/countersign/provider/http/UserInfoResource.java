package dev.countersign.provider.http;

import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import dev.countersign.common.http.BearerChallenge;
import dev.countersign.common.http.DpopChallenge;
import dev.countersign.common.http.NoStore;
import dev.countersign.provider.DpopProof;
import dev.countersign.provider.DpopProofs;
import dev.countersign.provider.UserInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;

/**
 * The UserInfo endpoint (OpenID Connect Core §5.3): "The UserInfo Endpoint MUST support the use of
 * the HTTP GET and HTTP POST methods" and accepts the access token as a Bearer token (RFC 6750 §2.1
 * header, §2.2 form body) or, DPoP-bound, as {@code Authorization: DPoP <token>} with a proof whose
 * {@code ath} is the token's hash (RFC 9449 §7.1). A request without any token gets RFC 6750 §3's bare
 * challenge; errors carry {@code WWW-Authenticate: Bearer} or, when the DPoP scheme was used,
 * {@code WWW-Authenticate: DPoP} with {@code error} and {@code algs}.
 */
@Path(UserInfoResource.PATH)
public class UserInfoResource {
    static final String PATH = "/userinfo";

    private final UserInfo userInfo;
    private final DpopProofs dpop;

    public UserInfoResource(UserInfo userInfo, DpopProofs dpop) {
        this.userInfo = userInfo;
        this.dpop = dpop;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context HttpHeaders headers) {
        return answer(authorization, Optional.empty(), headers, HttpMethod.GET);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response post(
            byte[] body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Context HttpHeaders headers) {
        // RFC 6750 §2.2: the form body counts only with Content-Type application/x-www-form-urlencoded.
        boolean isForm =
                contentType != null && contentType.toLowerCase().startsWith(MediaType.APPLICATION_FORM_URLENCODED);
        Optional<FormParameters> form = isForm ? Optional.of(FormParameters.parse(body)) : Optional.empty();
        return answer(authorization, form, headers, HttpMethod.POST);
    }

    private Response answer(String authorization, Optional<FormParameters> form, HttpHeaders headers, String method) {
        Optional<String> dpopToken = DpopCredentials.of(authorization);
        if (dpopToken.isPresent()) {
            return ok(withDpop(dpopToken.get(), form, headers, method));
        }
        Optional<String> token = BearerCredentials.of(authorization, form);
        if (token.isEmpty()) {
            // RFC 6750 §3.1: without any authentication information "the resource server SHOULD NOT
            // include an error code or other error information".
            return NoStore.apply(Response.status(Response.Status.UNAUTHORIZED))
                    .header(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.REALM)
                    .build();
        }
        return ok(userInfo.claims(token.get()));
    }

    /** RFC 9449 §7.1: the proof (with {@code ath}) first, then the token's binding to its key. */
    private Map<String, Object> withDpop(
            String token, Optional<FormParameters> form, HttpHeaders headers, String method) {
        try {
            if (form.flatMap(f -> f.get(BearerCredentials.ACCESS_TOKEN)).isPresent()) {
                throw OAuthException.invalidRequest("the access token was sent in more than one way");
            }
            DpopProof proof = dpop.forResourceRequest(headers.getRequestHeader(DpopProofs.HEADER), method, PATH, token);
            return userInfo.claims(token, Optional.of(proof.jkt()));
        } catch (OAuthException e) {
            throw e.atProtectedResource()
                    .withHeader(
                            HttpHeaders.WWW_AUTHENTICATE,
                            DpopChallenge.of(e.error(), e.description(), dpop.signingAlgValues()));
        }
    }

    private Response ok(Map<String, Object> claims) {
        Response.ResponseBuilder response = NoStore.apply(Response.ok(claims, MediaType.APPLICATION_JSON_TYPE));
        dpop.nonceToSupply().ifPresent(nonce -> response.header(DpopProofs.NONCE_HEADER, nonce));
        return response.build();
    }
}
