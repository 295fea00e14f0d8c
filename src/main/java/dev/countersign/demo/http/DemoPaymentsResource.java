package dev.countersign.demo.http;

import dev.countersign.admin.DemoConfig;
import dev.countersign.common.ProblemException;
import dev.countersign.common.http.BearerChallenge;
import dev.countersign.common.http.NoStore;
import dev.countersign.demo.DemoPayments;
import dev.countersign.demo.DemoPayments.Payment;
import dev.countersign.demo.DemoPaymentsConfig;
import dev.countersign.demo.DemoTokenVerifier;
import dev.countersign.demo.PaymentAuthorization;
import dev.countersign.demo.PaymentOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * {@code POST /demo/payments}: the sample resource server the example agent pays through, on in
 * demo mode only. The pipeline: bearer token (RFC 6750 §2.1; none → bare challenge) → token
 * verified like any resource server would ({@link DemoTokenVerifier}) → body checked → the order
 * within the approved {@code authorization_details} ({@link PaymentAuthorization}) → paid once per
 * {@code Idempotency-Key} ({@link DemoPayments}).
 */
@Path("/demo/payments")
public class DemoPaymentsResource {
    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,2})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final int MAX_CREDITOR = 140;
    private static final int MAX_KEY = 255;

    private final boolean enabled;
    private final DemoTokenVerifier tokens;
    private final DemoPayments payments;

    public DemoPaymentsResource(
            DemoPaymentsConfig config, DemoConfig demo, DemoTokenVerifier tokens, DemoPayments payments) {
        this.enabled = config.enabled().orElse(demo.enabled());
        this.tokens = tokens;
        this.payments = payments;
    }

    /** The body: {@code {"amount":"42.00","currency":"EUR","creditor":"Bob Smith"}}. */
    public record PaymentBody(String amount, String currency, String creditor) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response pay(
            PaymentBody body,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (!enabled) {
            throw ProblemException.notFound("the demo payments API is off (countersign.demo.payments.enabled)");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // RFC 6750 §3.1: without authentication information, no error code.
            return NoStore.apply(Response.status(Response.Status.UNAUTHORIZED))
                    .header(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.REALM)
                    .build();
        }
        DemoTokenVerifier.Delegation delegation =
                tokens.verify(authorization.substring(7).trim());
        PaymentOrder order = order(body);
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY) {
            throw ProblemException.badRequest(
                    "an Idempotency-Key header of 1 to " + MAX_KEY + " characters is required");
        }
        PaymentAuthorization.refusal(order, delegation.authorizationDetails()).ifPresent(reason -> {
            throw ProblemException.forbidden(reason);
        });
        Payment payment = payments.pay(idempotencyKey, order, delegation);
        return NoStore.apply(Response.status(payment.replayed() ? 200 : 201))
                .entity(new PaymentView(payment))
                .build();
    }

    private static PaymentOrder order(PaymentBody body) {
        if (body == null
                || body.amount() == null
                || !AMOUNT.matcher(body.amount()).matches()
                || new BigDecimal(body.amount()).signum() <= 0) {
            throw ProblemException.badRequest("amount must be a positive decimal string such as \"42.00\"");
        }
        if (body.currency() == null || !CURRENCY.matcher(body.currency()).matches()) {
            throw ProblemException.badRequest("currency must be an ISO 4217 code such as \"EUR\"");
        }
        if (body.creditor() == null
                || body.creditor().isBlank()
                || body.creditor().length() > MAX_CREDITOR) {
            throw ProblemException.badRequest("creditor must be a name of 1 to " + MAX_CREDITOR + " characters");
        }
        return new PaymentOrder(new BigDecimal(body.amount()), body.currency(), body.creditor());
    }

    /** The answer: the payment as made. */
    public record PaymentView(
            String payment_id,
            String status,
            String amount,
            String currency,
            String creditor,
            String debtor,
            String agent,
            String created_at) {
        PaymentView(Payment p) {
            this(
                    p.id(),
                    "accepted",
                    p.order().amount().toPlainString(),
                    p.order().currency(),
                    p.order().creditor(),
                    p.user(),
                    p.agent(),
                    p.createdAt().toString());
        }
    }
}
