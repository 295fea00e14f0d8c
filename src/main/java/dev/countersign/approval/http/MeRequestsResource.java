package dev.countersign.approval.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.DisplayedRequest;
import dev.countersign.approval.PasskeyApprovals;
import dev.countersign.approval.RequestDisplay;
import dev.countersign.ciba.Approval;
import dev.countersign.ciba.CibaDecisions;
import dev.countersign.ciba.CibaDecisions.Decision;
import dev.countersign.ciba.PendingRequest;
import dev.countersign.ciba.RequestState;
import dev.countersign.common.CallerContext;
import dev.countersign.common.JsonBody;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.QueryLimit;
import io.quarkus.security.webauthn.WebAuthnCredentialRecord;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The signed-in user's backchannel requests and their decisions: the stable API the approval app is
 * built on. Reaches the provider only through the {@link CibaDecisions} port.
 */
@Path("/api/me/requests")
@UserSession
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class MeRequestsResource {
    private static final int MAX_REASON_LENGTH = 500;
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;

    private final CibaDecisions decisions;
    private final CallerContext caller;
    private final RequestDisplay display;
    private final PasskeyApprovals passkeyApprovals;
    private final PasskeyCeremony ceremony;

    MeRequestsResource(
            CibaDecisions decisions,
            CallerContext caller,
            RequestDisplay display,
            PasskeyApprovals passkeyApprovals,
            PasskeyCeremony ceremony) {
        this.decisions = decisions;
        this.caller = caller;
        this.display = display;
        this.passkeyApprovals = passkeyApprovals;
        this.ceremony = ceremony;
    }

    /**
     * {@code status}: pending (default), approved, denied, issued or expired; {@code limit}: 1 to 500
     * (default 100), at most once. The newest requests first, at most {@code limit} of them.
     */
    @GET
    public List<RequestView> list(@QueryParam("status") @DefaultValue("pending") String status, @Context UriInfo uri) {
        RequestState state = state(status);
        // From UriInfo, not @QueryParam: that drops an empty "limit=" instead of refusing it.
        int limit = QueryLimit.of(uri.getQueryParameters().get("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        return decisions.requestsOf(caller.userSub(), state, limit).stream()
                .map(this::view)
                .toList();
    }

    @GET
    @Path("{id}")
    public RequestView one(@PathParam("id") String id) {
        return decisions
                .requestOf(caller.userSub(), id)
                .map(this::view)
                .orElseThrow(() -> ProblemException.notFound("no such request"));
    }

    /**
     * WebAuthn {@code PublicKeyCredentialRequestOptions} for approving a high-risk request: the
     * challenge is SHA-256(display_hash || a fresh single-use nonce), the user's passkeys are allowed
     * and user verification is required. Asking again replaces the earlier challenge.
     */
    @POST
    @Path("{id}/approval-options")
    public Response approvalOptions(@PathParam("id") String id) {
        PendingRequest request = pending(id);
        DisplayedRequest shown = display.render(request);
        if (!shown.highRisk()) {
            throw ProblemException.badRequest("this request is not high-risk: approve it without a passkey");
        }
        PasskeyApprovals.Challenge challenge = passkeyApprovals.challenge(caller.userSub(), id, shown.displayHash());
        return Response.ok(ceremony.approvalOptions(challenge.challenge(), challenge.credentialIds()))
                .header("Cache-Control", "no-store")
                .build();
    }

    /**
     * The body is optional; a request with number matching needs {@code {"number": n}}, the number
     * the agent shows. A wrong number denies the request. A high-risk request needs {@code
     * "assertion"}: the browser's {@code PublicKeyCredential} JSON for the options of {@link
     * #approvalOptions}.
     */
    @POST
    @Path("{id}/approve")
    public Response approve(@PathParam("id") String id, byte[] body) {
        Optional<Integer> number = Optional.empty();
        Optional<JsonNode> assertion = Optional.empty();
        if (body != null && body.length > 0) {
            JsonBody json = JsonBody.parse(body, Set.of("number", "assertion"));
            number = json.optionalInt("number");
            if (number.isPresent() && (number.get() < 10 || number.get() > 99)) {
                throw ProblemException.badRequest("number must be one of the request's number_choices");
            }
            if (JsonBody.readTree(body).has("assertion")) {
                assertion = Optional.of(json.requiredObject("assertion"));
            }
        }
        if (assertion.isEmpty()) {
            return answer(decisions.approve(
                    caller.userSub(), id, number.map(Approval::withNumber).orElse(Approval.plain())));
        }
        PendingRequest request = pending(id);
        DisplayedRequest shown = display.render(request);
        if (!shown.highRisk()) {
            throw ProblemException.badRequest("this request is not high-risk: approve it without an assertion");
        }
        String nonce = passkeyApprovals.currentNonce(caller.userSub(), id);
        JsonNode credential = assertion.get();
        WebAuthnCredentialRecord verified =
                forbiddenUnlessVerified(credential, PasskeyApprovals.challengeBytes(shown.displayHash(), nonce));
        String credentialId = verified.getCredentialID();
        if (!caller.userSub().equals(verified.getUsername())) {
            throw ProblemException.forbidden("this passkey belongs to another account");
        }
        JsonNode response = credential.path("response");
        return answer(passkeyApprovals.approve(
                decisions,
                request,
                shown,
                nonce,
                new PasskeyApprovals.Assertion(
                        credentialId,
                        response.path("authenticatorData").asText(),
                        response.path("clientDataJSON").asText(),
                        response.path("signature").asText()),
                PasskeyCeremony.signCount(credential),
                number));
    }

    private WebAuthnCredentialRecord forbiddenUnlessVerified(JsonNode credential, byte[] challenge) {
        try {
            return ceremony.verifyAssertion(credential, challenge);
        } catch (ProblemException e) {
            throw ProblemException.forbidden("the passkey did not confirm exactly what is shown; nothing changed");
        }
    }

    private PendingRequest pending(String id) {
        PendingRequest request = decisions
                .requestOf(caller.userSub(), id)
                .orElseThrow(() -> ProblemException.notFound("no such request"));
        if (request.state() != RequestState.PENDING) {
            throw ProblemException.conflict("the request is no longer pending");
        }
        return request;
    }

    /** The body is optional; when sent it is {@code {"reason": "…"}} with at most 500 characters. */
    @POST
    @Path("{id}/deny")
    public Response deny(@PathParam("id") String id, byte[] body) {
        Optional<String> reason = Optional.empty();
        if (body != null && body.length > 0) {
            reason = JsonBody.parse(body, Set.of("reason"))
                    .optionalString("reason")
                    .filter(r -> !r.isBlank());
        }
        if (reason.isPresent() && reason.get().length() > MAX_REASON_LENGTH) {
            throw ProblemException.badRequest("reason is longer than " + MAX_REASON_LENGTH + " characters");
        }
        return answer(decisions.deny(caller.userSub(), id, reason));
    }

    private static Response answer(Decision decision) {
        return switch (decision) {
            case DECIDED -> Response.noContent().build();
            case NOT_FOUND -> throw ProblemException.notFound("no such request");
            case ALREADY_DECIDED -> throw ProblemException.conflict("the request has already been decided");
            case EXPIRED -> throw ProblemException.gone("the request has expired");
            case NUMBER_REQUIRED ->
                throw ProblemException.badRequest(
                        "this request uses number matching: send {\"number\": n} with the number the agent shows");
            case WRONG_NUMBER ->
                throw ProblemException.forbidden("that is not the number the agent shows; the request was denied");
            case PASSKEY_REQUIRED ->
                throw ProblemException.forbidden(
                        "this request is high-risk: confirm it with your passkey (approval-options, then assertion)");
        };
    }

    private RequestView view(PendingRequest request) {
        return RequestView.of(request, display.render(request));
    }

    private static RequestState state(String status) {
        return Arrays.stream(RequestState.values())
                .filter(s -> s.name().toLowerCase(Locale.ROOT).equals(status))
                .findFirst()
                .orElseThrow(() -> ProblemException.badRequest(
                        "status must be one of pending, approved, denied, issued, expired"));
    }
}
