package dev.countersign.ciba.http;

import dev.countersign.ciba.Acknowledgement;
import dev.countersign.ciba.BackchannelAuthentication;
import dev.countersign.ciba.BackchannelRequest;
import dev.countersign.ciba.BackchannelRequestValidator;
import dev.countersign.ciba.SignedAuthenticationRequests;
import dev.countersign.common.FormParameters;
import dev.countersign.common.OAuthException;
import dev.countersign.common.http.NoStore;
import dev.countersign.provider.Client;
import dev.countersign.provider.ClientAuthentication;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.TransactionExceptionResult;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The backchannel authentication endpoint (CIBA Core 1.0 §7): parse the form (repeated parameters
 * rejected) → authenticate the client (§7.2 step 1) → unwrap and verify a signed request (§7.2 step
 * 2, §7.1.1) → validate into a request → start it → acknowledge with {@code auth_req_id}, {@code
 * expires_in} and {@code interval} (§7.3), never cached.
 */
@Path("/bc-authorize")
public class BackchannelAuthenticationResource {
    private final ClientAuthentication clientAuthentication;
    private final BackchannelRequestValidator validator;
    private final BackchannelAuthentication authentication;
    private final SignedAuthenticationRequests signedRequests;

    public BackchannelAuthenticationResource(
            ClientAuthentication clientAuthentication,
            BackchannelRequestValidator validator,
            BackchannelAuthentication authentication,
            SignedAuthenticationRequests signedRequests) {
        this.clientAuthentication = clientAuthentication;
        this.validator = validator;
        this.authentication = authentication;
        this.signedRequests = signedRequests;
    }

    /**
     * Two transactions. The first authenticates the client and validates the request; it commits
     * even when it refuses, because the only thing it writes is the use of a client assertion's or
     * signed request's {@code jti}, which must count whatever the answer (and it writes nothing for
     * a client secret, so then it waits for no disk write). The second stores the request and
     * counts it against the push-bombing limits; a refusal there rolls all of it back. The second
     * commit's wait for the disk covers the first.
     */
    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response authenticate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        FormParameters form = FormParameters.parse(body);
        BackchannelRequest request = QuarkusTransaction.requiringNew()
                .exceptionHandler(e -> e instanceof OAuthException
                        ? TransactionExceptionResult.COMMIT
                        : TransactionExceptionResult.ROLLBACK)
                .call(() -> {
                    Client client = clientAuthentication.authenticate(authorization, form);
                    return validator.validate(client, signedRequests.parameters(client, form));
                });
        Acknowledgement ack = authentication.start(request);
        return NoStore.apply(Response.ok(
                        new AcknowledgementBody(ack.authReqId(), ack.expiresIn(), ack.interval()),
                        MediaType.APPLICATION_JSON_TYPE))
                .build();
    }
}
