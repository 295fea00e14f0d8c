package dev.countersign.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.provider.AuthorizationDetailsTypes.Definition;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuthorizationDetailsTypesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OBJECT_SCHEMA = "{\"type\":\"object\",\"required\":[\"type\"]}";

    /** RFC 9396 §1.1, the example payment initiation entry. */
    static final String RFC_EXAMPLE = """
            {"type":"payment_initiation","locations":["https://example.com/payments"],
             "instructedAmount":{"currency":"EUR","amount":"123.50"},"creditorName":"Merchant A",
             "creditorAccount":{"iban":"DE02100100109307118603"},
             "remittanceInformationUnstructured":"Ref Number Merchant"}""";

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static AuthorizationDetailsTypes builtin() {
        return new AuthorizationDetailsTypes(
                Map.of("payment_initiation", AuthorizationDetailsTypes.builtinPaymentInitiation()), List.of());
    }

    @Nested
    @DisplayName("RFC 9396 §5 the built-in payment_initiation schema")
    class Builtin {
        @Test
        void acceptsTheRfcExample() throws Exception {
            assertThat(builtin().find("payment_initiation").orElseThrow().violation(json(RFC_EXAMPLE)))
                    .isEmpty();
        }

        @Test
        void namesTheFailingFieldWithoutItsValue() throws Exception {
            String bad = RFC_EXAMPLE.replace("\"123.50\"", "\"<script>1</script>\"");
            Optional<String> why =
                    builtin().find("payment_initiation").orElseThrow().violation(json(bad));
            assertThat(why)
                    .get()
                    .asString()
                    .contains("instructedAmount")
                    .contains("amount")
                    .doesNotContain("script");
        }

        @Test
        void namesAMissingRequiredField() throws Exception {
            String bad = "{\"type\":\"payment_initiation\",\"instructedAmount\":{\"amount\":\"1.00\"}}";
            assertThat(builtin().find("payment_initiation").orElseThrow().violation(json(bad)))
                    .get()
                    .asString()
                    .contains("required")
                    .contains("currency");
        }
    }

    @Nested
    @DisplayName("Start-up refuses a bad registry")
    class StartUp {
        @Test
        void refusesASchemaThatIsNotJson() {
            assertThatThrownBy(() -> registry("broken", "{not json"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("types.\"broken\"")
                    .hasMessageContaining("not JSON");
        }

        @Test
        void refusesASchemaThatBreaksTheMetaSchema() {
            assertThatThrownBy(() -> registry("bad", "{\"type\":\"objekt\"}"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("types.\"bad\"")
                    .hasMessageContaining("invalid JSON Schema");
        }

        @Test
        void refusesATemplateThatDoesNotParse() {
            Definition d = new Definition(OBJECT_SCHEMA, Optional.of("Pay {#if}"), false, Optional.empty(), false);
            assertThatThrownBy(() -> new AuthorizationDetailsTypes(Map.of("t", d), List.of()))
                    .hasMessageContaining("template");
        }

        private static AuthorizationDetailsTypes registry(String name, String schema) {
            return new AuthorizationDetailsTypes(
                    Map.of(name, new Definition(schema, Optional.empty(), false, Optional.empty(), false)), List.of());
        }
    }

    @Nested
    @DisplayName("RFC 9396 §10 supported types")
    class Supported {
        @Test
        void listsTheConfiguredNamesThenTheRegisteredOnes() {
            Map<String, Definition> defs = new LinkedHashMap<>();
            defs.put("payment_initiation", AuthorizationDetailsTypes.builtinPaymentInitiation());
            defs.put("tax_filing", new Definition(OBJECT_SCHEMA, Optional.empty(), false, Optional.empty(), false));
            AuthorizationDetailsTypes types =
                    new AuthorizationDetailsTypes(defs, List.of("account_information", "payment_initiation"));
            assertThat(types.supported()).containsExactly("account_information", "payment_initiation", "tax_filing");
            assertThat(types.find("account_information")).isEmpty();
        }
    }

    @Nested
    @DisplayName("High-risk rules")
    class HighRisk {
        private final AuthorizationDetailsType.AmountRule above100Eur = new AuthorizationDetailsType.AmountRule(
                "/instructedAmount/amount",
                new BigDecimal("100"),
                Optional.of("/instructedAmount/currency"),
                Optional.of("EUR"));
        private final AuthorizationDetailsTypes types = new AuthorizationDetailsTypes(
                Map.of(
                        "pay", new Definition(OBJECT_SCHEMA, Optional.empty(), false, Optional.of(above100Eur), false),
                        "wire", new Definition(OBJECT_SCHEMA, Optional.empty(), true, Optional.empty(), false)),
                List.of());

        private boolean risky(String currency, String amount) throws Exception {
            return types.isHighRisk(json("{\"type\":\"pay\",\"instructedAmount\":{\"currency\":\"" + currency
                    + "\",\"amount\":" + amount + "}}"));
        }

        @Test
        void isHighRiskOnlyAboveTheAmount() throws Exception {
            assertThat(risky("EUR", "\"100.00\"")).isFalse();
            assertThat(risky("EUR", "\"100.01\"")).isTrue();
            assertThat(risky("EUR", "99")).isFalse();
        }

        @Test
        void failsSafeOnAnotherCurrencyOrAnUnreadableAmount() throws Exception {
            assertThat(risky("USD", "\"1.00\"")).isTrue();
            assertThat(risky("EUR", "\"lots\"")).isTrue();
            assertThat(types.isHighRisk(json("{\"type\":\"pay\"}"))).isTrue();
        }

        @Test
        void aTypeMarkedHighRiskAlwaysIs() throws Exception {
            assertThat(types.isHighRisk(json("{\"type\":\"wire\"}"))).isTrue();
            assertThat(types.isHighRisk(json("{\"type\":\"unknown\"}"))).isFalse();
        }
    }
}
