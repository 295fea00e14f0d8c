package dev.countersign.admin;

import dev.countersign.runtime.ActionDefinitions;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code pay} action of demo mode (docs/guides/demo-target.md): pays an amount in a currency to
 * a creditor through the demo payments API on this service, with a delegated token whose
 * {@code authorization_details} name exactly that payment, so that the demo target accepts it and
 * refuses any larger one.
 */
final class DemoPayAction {
    static final String NAME = "pay";
    static final String SOURCE = "demo";
    static final String PATH = "/demo/payments";

    private static final String PARAMETERS = """
            {"type":"object","required":["amount","currency","creditor"],"additionalProperties":false,
             "properties":{
              "amount":{"type":"string","pattern":"^[0-9]{1,9}(\\\\.[0-9]{1,2})?$",
                        "description":"The amount, a decimal string with at most two decimals"},
              "currency":{"type":"string","pattern":"^[A-Z]{3}$","description":"An ISO 4217 currency code"},
              "creditor":{"type":"string","minLength":1,"maxLength":70,"pattern":"^[A-Za-z0-9 .,'-]+$",
                          "description":"Who is paid"}}}""";

    private DemoPayAction() {}

    static ActionDefinitions.Definition definition(URI issuer) {
        String target = issuer.toString().replaceAll("/+$", "") + PATH;
        String details = "[{\"type\":\"payment_initiation\",\"locations\":[\"" + target + "\"],"
                + "\"instructedAmount\":{\"currency\":\"{currency}\",\"amount\":\"{amount}\"},"
                + "\"creditorName\":\"{creditor}\"}]";
        return new ActionDefinitions.Definition(
                NAME,
                Optional.of("Pay someone from the user's account (the demo payments API)"),
                PARAMETERS,
                "POST",
                target,
                Optional.of(target),
                "openid payments:write",
                Optional.of(details),
                Optional.of("Pay {amount} {currency} to {creditor}"),
                Duration.ofSeconds(10),
                65536);
    }
}
