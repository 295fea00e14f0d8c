package dev.countersign.provider.http;

import static dev.countersign.testing.CibaCalls.FORM;
import static dev.countersign.testing.CibaCalls.asClient;
import static dev.countersign.testing.GrantCalls.agent;
import static dev.countersign.testing.GrantCalls.auditEvents;
import static dev.countersign.testing.GrantCalls.claims;
import static dev.countersign.testing.GrantCalls.clientCredentials;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.countersign.provider.store.ClientRepository;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.OAuthErrors;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class ClientCredentialsGrantEndpointTest {
    static final String REPORTS = "https://reports.example/api";
    static final String LEDGER = "https://ledger.example/";

    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    @Inject
    ClientRepository clients;

    RegisteredClient agent;

    @Transactional
    long storedClients() {
        return clients.count();
    }

    @BeforeEach
    void registerAgent() {
        agent = agent(Map.of("resource_indicators", List.of(REPORTS, LEDGER)));
    }

    static void assertError(Response r, int status, String error) {
        OAuthErrors.assertOAuthError(r, status, error);
    }

    /** Nothing is stored for a refused request: not even a token.issued event. */
    void assertNothingIssued() {
        assertThat(auditEvents("token.issued", agent.clientId())).isEmpty();
    }

    @Nested
    @DisplayName("RFC 6749 §4.4.2 and §4.4.3 Access Token Request and Response")
    class Issuance {
        @Test
        void issuesAnAccessTokenNamingTheAgentAsItselfWithoutActIdTokenOrRefreshToken() {
            Response r = clientCredentials(agent, "scope", "reports.read");
            r.then()
                    .statusCode(200)
                    .header("Cache-Control", "no-store")
                    .header("Pragma", "no-cache")
                    .body("token_type", equalTo("Bearer"))
                    .body("scope", equalTo("reports.read"))
                    .body("expires_in", equalTo(300))
                    .body("id_token", nullValue())
                    .body("refresh_token", nullValue());
            JsonPath at = claims(r.path("access_token"));
            assertThat(at.getString("sub")).isEqualTo(agent.clientId());
            assertThat(at.getString("client_id")).isEqualTo(agent.clientId());
            assertThat(at.getMap("")).doesNotContainKeys("act", "auth_time");
            assertThat(at.getString("aud")).isEqualTo(issuer);
        }

        @Test
        void grantsEveryRegisteredScopeButOpenidAndOfflineAccessWhenScopeIsOmitted() {
            clientCredentials(agent).then().statusCode(200).body("scope", equalTo("reports.read reports.write"));
        }

        @Test
        void recordsTheIssuanceInTheAuditTrail() {
            clientCredentials(agent, "scope", "reports.read").then().statusCode(200);
            List<Map<String, Object>> events = auditEvents("token.issued", agent.clientId());
            assertThat(events).hasSize(1);
            assertThat(events.get(0).get("detail").toString()).contains("client_credentials");
        }

        @Test
        void rejectsAClientNotRegisteredForTheGrantAsUnauthorizedClient() {
            RegisteredClient cibaOnly = Fixtures.client();
            assertError(clientCredentials(cibaOnly), 400, "unauthorized_client");
        }
    }

    @Nested
    @DisplayName("RFC 6749 §3.3 and §5.2 invalid_scope")
    class Scope {
        @Test
        void rejectsAScopeTheClientIsNotRegisteredFor() {
            assertError(clientCredentials(agent, "scope", "reports.delete"), 400, "invalid_scope");
            assertNothingIssued();
        }

        @Test
        void rejectsOpenidBecauseNoUserIsPresent() {
            assertError(clientCredentials(agent, "scope", "openid reports.read"), 400, "invalid_scope");
            assertNothingIssued();
        }

        @Test
        void rejectsOfflineAccessBecauseNoRefreshTokenIsIssued() {
            RegisteredClient both = agent(Map.of(
                    "grant_types",
                    List.of("client_credentials", "refresh_token", "urn:openid:params:grant-type:ciba"),
                    "scope",
                    "openid offline_access reports.read"));
            assertError(clientCredentials(both, "scope", "offline_access"), 400, "invalid_scope");
            clientCredentials(both).then().statusCode(200).body("scope", equalTo("reports.read"));
        }

        @Test
        void rejectsAMalformedScope() {
            assertError(clientCredentials(agent, "scope", "reports.read  reports.write"), 400, "invalid_scope");
        }

        @Test
        void rejectsAnOmittedScopeWhenNothingIsLeftToGrant() {
            RegisteredClient bare = agent(Map.of("scope", "openid"));
            assertError(clientCredentials(bare), 400, "invalid_scope");
        }
    }

    @Nested
    @DisplayName("RFC 8707 §2 Resource Indicators")
    class Resource {
        @Test
        void restrictsTheAudienceToTheRequestedResource() {
            Response r = clientCredentials(agent, "resource", REPORTS);
            r.then().statusCode(200);
            assertThat(claims(r.path("access_token")).getString("aud")).isEqualTo(REPORTS);
        }

        @Test
        void acceptsSeveralResourceParameters() {
            String body = "grant_type=client_credentials&resource=" + encode(REPORTS) + "&resource=" + encode(LEDGER);
            Response r = asClient(agent).contentType(FORM).body(body).post("/token");
            r.then().statusCode(200);
            assertThat(claims(r.path("access_token")).getList("aud")).containsExactly(REPORTS, LEDGER);
        }

        @Test
        void rejectsAResourceTheClientIsNotRegisteredForAsInvalidTarget() {
            assertError(clientCredentials(agent, "resource", "https://other.example/"), 400, "invalid_target");
            assertNothingIssued();
        }

        @Test
        void rejectsAResourceWithAFragmentAsInvalidTarget() {
            assertError(clientCredentials(agent, "resource", REPORTS + "#x"), 400, "invalid_target");
        }

        @Test
        void rejectsARelativeResourceAsInvalidTarget() {
            assertError(clientCredentials(agent, "resource", "/api"), 400, "invalid_target");
        }

        @Test
        void rejectsAnyResourceForAClientThatRegisteredNone() {
            RegisteredClient plain = agent(Map.of());
            assertError(clientCredentials(plain, "resource", REPORTS), 400, "invalid_target");
        }

        private static String encode(String value) {
            return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Nested
    @DisplayName("RFC 7591 §2 Client Metadata: grant_types and resource_indicators")
    class Registration {
        @Test
        void answersTheRegisteredGrantTypesAndResourceIndicators() {
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .get("/admin/clients/" + agent.clientId())
                    .then()
                    .statusCode(200)
                    .body("grant_types", org.hamcrest.Matchers.contains("client_credentials"))
                    .body("resource_indicators", org.hamcrest.Matchers.contains(REPORTS, LEDGER));
        }

        @Test
        void refusesAResourceIndicatorWithAFragment() {
            assertRefused(Map.of("resource_indicators", List.of(REPORTS + "#frag")));
        }

        @Test
        void refusesARelativeResourceIndicator() {
            assertRefused(Map.of("resource_indicators", List.of("/api")));
        }

        @Test
        void acceptsAResourceIndicatorWithAQueryBecauseRfc8707OnlyDiscouragesIt() {
            String tenant = REPORTS + "?tenant=7";
            RegisteredClient withQuery = agent(Map.of("resource_indicators", List.of(tenant)));
            Response r = clientCredentials(withQuery, "resource", tenant);
            r.then().statusCode(200);
            assertThat(claims(r.path("access_token")).getString("aud")).isEqualTo(tenant);
        }

        @Test
        void refusesResourceIndicatorsThatAreNotAnArrayOfStrings() {
            assertRefused(Map.of("resource_indicators", REPORTS));
        }

        @Test
        void refusesAnUnknownGrantType() {
            assertRefused(Map.of("grant_types", List.of("password")));
        }

        private void assertRefused(Map<String, Object> metadata) {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("client_name", "Refused agent");
            body.put("grant_types", List.of("client_credentials"));
            body.putAll(metadata);
            long before = storedClients();
            given().auth()
                    .oauth2(Fixtures.ADMIN_TOKEN)
                    .contentType("application/json")
                    .body(body)
                    .post("/admin/clients")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
            assertThat(storedClients()).isEqualTo(before);
        }
    }
}
