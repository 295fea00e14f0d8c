package dev.countersign.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.common.ProblemException;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ParamTemplatesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode params(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Nested
    @DisplayName("RFC 3986 §2: a parameter stays inside its path segment or query value")
    class Urls {
        @Test
        void percentEncodesEverythingButUnreservedCharacters() throws Exception {
            URI uri = ParamTemplates.url(
                    "https://api.example/pay/{account}?memo={memo}",
                    params("{\"account\":\"a/b?c#d@evil.example\",\"memo\":\"x&admin=1 ü\"}"));
            assertEquals("api.example", uri.getHost());
            assertEquals("/pay/a%2Fb%3Fc%23d%40evil.example", uri.getRawPath());
            assertEquals("memo=x%26admin%3D1%20%C3%BC", uri.getRawQuery());
            assertEquals(null, uri.getRawFragment());
        }

        @Test
        void refusesDotSegmentsEmptyValuesAndMissingOrStructuredParams() throws Exception {
            for (String value : new String[] {"\"..\"", "\".\"", "\"\""}) {
                assertThrows(
                        ProblemException.class,
                        () -> ParamTemplates.url("https://api.example/pay/{a}", params("{\"a\":" + value + "}")));
            }
            assertThrows(ProblemException.class, () -> ParamTemplates.url("https://api.example/{a}", params("{}")));
            assertThrows(
                    ProblemException.class,
                    () -> ParamTemplates.url("https://api.example/{a}", params("{\"a\":{\"b\":1}}")));
        }

        @Test
        void writesNumbersAndBooleansAsText() throws Exception {
            assertEquals(
                    "/n/42/true",
                    ParamTemplates.url("https://api.example/n/{n}/{b}", params("{\"n\":42,\"b\":true}"))
                            .getRawPath());
        }
    }

    @Nested
    @DisplayName("RFC 9396 authorization_details template")
    class Details {
        @Test
        void aWholePlaceholderKeepsTheParamsJsonTypeAndTheAudienceBecomesLocations() throws Exception {
            String filled = ParamTemplates.details(
                    params("[{\"type\":\"payment_initiation\",\"amount\":\"{amount}\",\"note\":\"to {payee}\"}]"),
                    params("{\"amount\":42.5,\"payee\":\"Bob\"}"),
                    Optional.of("https://payments.example"));
            assertEquals(
                    params("[{\"type\":\"payment_initiation\",\"amount\":42.5,\"note\":\"to Bob\","
                            + "\"locations\":[\"https://payments.example\"]}]"),
                    params(filled));
        }

        @Test
        void keepsLocationsTheTemplateGives() throws Exception {
            String filled = ParamTemplates.details(
                    params("[{\"type\":\"t\",\"locations\":[\"https://a.example\"]}]"),
                    params("{}"),
                    Optional.of("https://b.example"));
            assertEquals(params("[{\"type\":\"t\",\"locations\":[\"https://a.example\"]}]"), params(filled));
        }
    }

    @Test
    void fillsTheBindingMessage() throws Exception {
        assertEquals(
                "Pay 42 EUR to Bob",
                ParamTemplates.text("Pay {amount} EUR to {payee}", params("{\"amount\":42,\"payee\":\"Bob\"}")));
    }
}
