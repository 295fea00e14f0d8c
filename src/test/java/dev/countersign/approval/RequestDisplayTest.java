package dev.countersign.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.ciba.PendingRequest;
import dev.countersign.ciba.RequestState;
import dev.countersign.provider.AuthorizationDetailsTypes;
import dev.countersign.provider.AuthorizationDetailsTypes.Definition;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Issue 4: what is being approved, rendered safely")
class RequestDisplayTest {
    private static final String ANY_OBJECT = "{\"type\":\"object\"}";
    private static final AuthorizationDetailsTypes TYPES = types();
    private static final RequestDisplay EN = new RequestDisplay(TYPES, Locale.forLanguageTag("en"), Map.of());
    private static final RequestDisplay DE = new RequestDisplay(TYPES, Locale.forLanguageTag("de-DE"), Map.of());

    private static AuthorizationDetailsTypes types() {
        Map<String, Definition> defs = new LinkedHashMap<>();
        defs.put("payment_initiation", AuthorizationDetailsTypes.builtinPaymentInitiation());
        defs.put("refund", new Definition(ANY_OBJECT, Optional.empty(), true, Optional.empty(), false));
        return new AuthorizationDetailsTypes(defs, List.of());
    }

    static PendingRequest request(String details, String scope) {
        return new PendingRequest(
                "0190-request",
                "sub-1",
                "agent",
                "Shopping agent",
                Optional.of("Order 42"),
                scope,
                Optional.ofNullable(details),
                RequestState.PENDING,
                Instant.EPOCH,
                Instant.EPOCH.plusSeconds(300));
    }

    private static String payment(String currency, String amount, String creditor) {
        return "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"" + currency
                + "\",\"amount\":\"" + amount + "\"},\"creditorName\":\"" + creditor
                + "\",\"debtorAccount\":{\"iban\":\"DE02100100109307111234\"}}]";
    }

    private static String sentence(RequestDisplay display, String details) {
        return display.render(request(details, "openid")).sentences().get(0);
    }

    @Nested
    @DisplayName("Amounts in their currency's digits and the configured locale")
    class Amounts {
        @Test
        void formatsEurosWithTwoDigitsInEnglishAndGerman() {
            assertThat(sentence(EN, payment("EUR", "42", "Bob Smith")))
                    .isEqualTo("Pay €42.00 to Bob Smith from account ••••1234");
            assertThat(sentence(DE, payment("EUR", "42", "Bob Smith")))
                    .isEqualTo("Pay 42,00\u00a0€ to Bob Smith from account ••••1234");
        }

        @Test
        void formatsYenWithoutDigitsAndDinarsWithThree() {
            assertThat(sentence(EN, payment("JPY", "1500", "Tanaka"))).startsWith("Pay ¥1,500 to Tanaka");
            assertThat(sentence(EN, payment("KWD", "1.5", "Ali"))).startsWith("Pay KWD1.500 to Ali");
        }

        @Test
        void neverRoundsAwayDigitsThatWereSent() {
            assertThat(sentence(EN, payment("JPY", "1500.5", "Tanaka"))).startsWith("Pay ¥1,500.5 to");
        }
    }

    @Nested
    @DisplayName("Every value escaped")
    class Escaping {
        @Test
        void escapesMarkup() {
            String s = sentence(EN, payment("EUR", "1", "<script>alert(1)</script>"));
            assertThat(s).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        }

        @Test
        void neutralisesBidiAndControlCharacters() {
            String s = sentence(EN, payment("EUR", "1", "Bob\\u202Egnp.exe\\u0007\\u200B"));
            assertThat(s).contains("Bob\uFFFDgnp.exe\uFFFD\uFFFD").doesNotContain("\u202E", "\u0007", "\u200B");
        }

        @Test
        void escapesTheGenericSentenceAndItsFieldNames() {
            String s = sentence(EN, "[{\"type\":\"account_information\",\"<b>\":\"\\u202E<i>x\",\"n\":5}]");
            assertThat(s).isEqualTo("account_information: &lt;b&gt; \uFFFD&lt;i&gt;x, n 5");
        }

        @Test
        void escapesUnknownScopes() {
            assertThat(EN.render(request(null, "openid <x>")).scopes())
                    .containsExactly("Confirm that it is you", "&lt;x&gt; (no description)");
        }
    }

    @Nested
    @DisplayName("Types without a template, and arbitrary JSON")
    class Fallback {
        @Test
        void saysATypeWithoutTemplateWithAFewScalarFieldsOnly() {
            String s = sentence(
                    EN,
                    "[{\"type\":\"refund\",\"order\":\"A-1\",\"items\":[1,2],\"nested\":{\"a\":1},"
                            + "\"amount\":\"3\",\"b\":\"4\",\"c\":\"5\",\"d\":\"6\"}]");
            assertThat(s).isEqualTo("refund: order A-1, amount 3, b 4, c 5").doesNotContain("{", "[");
        }

        @Test
        void fallsBackWhenTheTemplateMissesAField() {
            assertThat(sentence(EN, "[{\"type\":\"payment_initiation\",\"actions\":[\"pay\"]}]"))
                    .isEqualTo("payment_initiation (no details shown)");
        }

        @Test
        void marksHighRiskFromTheRegistry() {
            assertThat(EN.render(request("[{\"type\":\"refund\"}]", "openid")).highRisk())
                    .isTrue();
            assertThat(EN.render(request(payment("EUR", "1", "Bob"), "openid")).highRisk())
                    .isFalse();
        }
    }

    @Nested
    @DisplayName("Scopes in plain language")
    class Scopes {
        @Test
        void usesBuiltInAndConfiguredDescriptions() {
            RequestDisplay display =
                    new RequestDisplay(TYPES, Locale.ENGLISH, Map.of("payments", "Make payments for you"));
            assertThat(display.render(request(null, "openid email payments")).scopes())
                    .containsExactly("Confirm that it is you", "See your email address", "Make payments for you");
        }
    }

    @Nested
    @DisplayName("display_hash binds exactly what is shown")
    class Hash {
        @Test
        void isStableForTheSameRequest() {
            PendingRequest r = request(payment("EUR", "42", "Bob"), "openid");
            assertThat(EN.render(r).displayHash())
                    .isEqualTo(EN.render(r).displayHash())
                    .matches("[A-Za-z0-9_-]{43}");
        }

        @Test
        void changesWithTheAmountTheScopeTheLocaleAndTheRequestId() {
            String base =
                    EN.render(request(payment("EUR", "42", "Bob"), "openid")).displayHash();
            assertThat(EN.render(request(payment("EUR", "43", "Bob"), "openid")).displayHash())
                    .isNotEqualTo(base);
            assertThat(EN.render(request(payment("EUR", "42", "Bob"), "openid email"))
                            .displayHash())
                    .isNotEqualTo(base);
            assertThat(DE.render(request(payment("EUR", "42", "Bob"), "openid")).displayHash())
                    .isNotEqualTo(base);
            PendingRequest other = request(payment("EUR", "42", "Bob"), "openid");
            other = new PendingRequest(
                    "0190-other",
                    other.userSub(),
                    other.clientId(),
                    other.clientName(),
                    other.bindingMessage(),
                    other.scope(),
                    other.authorizationDetails(),
                    other.state(),
                    other.createdAt(),
                    other.expiresAt());
            assertThat(EN.render(other).displayHash()).isNotEqualTo(base);
        }
    }
}
