package dev.countersign.provider.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DiscoveryEndpointTest {
    /** The issuer of this test run (IssuerOnTestPort: the test port's URL). */
    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    private static JsonPath metadata(String path) {
        return given().get(path)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();
    }

    @Nested
    @DisplayName("OpenID Connect Discovery 1.0 §3 Provider Metadata")
    class ProviderMetadata {
        @Test
        void carriesTheRequiredMembersDerivedFromTheIssuer() {
            JsonPath json = metadata("/.well-known/openid-configuration");
            assertThat(json.getString("issuer"), equalTo(issuer));
            assertThat(json.getString("token_endpoint"), equalTo(issuer + "/token"));
            assertThat(json.getString("jwks_uri"), equalTo(issuer + "/jwks"));
            assertThat(json.getList("subject_types_supported"), contains("public"));
            assertThat(json.getList("id_token_signing_alg_values_supported"), not(empty()));
            assertThat(json.getList("scopes_supported"), hasItems("openid"));
            assertThat(json.getList("claims_supported"), hasItems("sub", "iss", "aud", "exp", "iat", "at_hash"));
        }

        @Test
        void declaresNoAuthorizationEndpointAndNoResponseTypes() {
            JsonPath json = metadata("/.well-known/openid-configuration");
            assertThat(json.getMap(""), not(hasKey("authorization_endpoint")));
            assertThat(json.getList("response_types_supported"), empty());
            assertThat(json.getList("response_modes_supported"), empty());
            assertThat(json.getBoolean("request_uri_parameter_supported"), is(false));
        }

        @Test
        void listsTheSecretAndJwtClientAuthenticationMethods() {
            assertThat(
                    metadata("/.well-known/openid-configuration").getList("token_endpoint_auth_methods_supported"),
                    contains("client_secret_basic", "client_secret_post", "private_key_jwt", "client_secret_jwt"));
        }

        /** RFC 8414 §2: present when a JWT method is listed; "none" MUST NOT be used. */
        @Test
        void listsTheAssertionSigningAlgorithmsWithoutNone() {
            assertThat(
                    metadata("/.well-known/openid-configuration")
                            .getList("token_endpoint_auth_signing_alg_values_supported"),
                    contains(
                            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "HS256",
                            "HS384", "HS512"));
        }

        /** CIBA Core 1.0 §4: the algorithms of signed authentication requests (§7.1.1), asymmetric only. */
        @Test
        void listsTheAsymmetricSignedRequestAlgorithms() {
            assertThat(
                    metadata("/.well-known/openid-configuration")
                            .getList("backchannel_authentication_request_signing_alg_values_supported"),
                    contains("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"));
        }

        @Test
        void isAcceptedByAnIndependentOpenIdConnectLibrary() throws Exception {
            String body = given().get("/.well-known/openid-configuration").asString();
            OIDCProviderMetadata parsed = OIDCProviderMetadata.parse(body);
            assertThat(parsed.getIssuer().getValue(), equalTo(issuer));
            assertThat(parsed.getTokenEndpointURI(), equalTo(URI.create(issuer + "/token")));
            assertThat(parsed.getBackChannelAuthenticationEndpointURI(), equalTo(URI.create(issuer + "/bc-authorize")));
            assertThat(
                    parsed.getGrantTypes(),
                    hasItems(GrantType.CIBA, GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN));
            assertThat(parsed.getIntrospectionEndpointURI(), equalTo(URI.create(issuer + "/introspect")));
            assertThat(parsed.getRevocationEndpointURI(), equalTo(URI.create(issuer + "/revoke")));
            assertThat(parsed.getUserInfoEndpointURI(), equalTo(URI.create(issuer + "/userinfo")));
            assertThat(
                    parsed.getTokenEndpointAuthMethods(),
                    contains(
                            ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                            ClientAuthenticationMethod.CLIENT_SECRET_POST,
                            ClientAuthenticationMethod.PRIVATE_KEY_JWT,
                            ClientAuthenticationMethod.CLIENT_SECRET_JWT));
            assertThat(parsed.getTokenEndpointJWSAlgs(), hasItems(JWSAlgorithm.ES256, JWSAlgorithm.RS256));
            assertThat(parsed.getBackChannelAuthenticationRequestJWSAlgs(), hasItems(JWSAlgorithm.ES256));
        }
    }

    @Nested
    @DisplayName("RFC 8414 §2 metadata of the endpoints around the grant")
    class EndpointsAroundTheGrant {
        @Test
        void listsIntrospectionRevocationAndUserInfoEndpoints() {
            JsonPath json = metadata("/.well-known/openid-configuration");
            assertThat(json.getString("introspection_endpoint"), equalTo(issuer + "/introspect"));
            assertThat(json.getString("revocation_endpoint"), equalTo(issuer + "/revoke"));
            assertThat(json.getString("userinfo_endpoint"), equalTo(issuer + "/userinfo"));
        }

        @Test
        void listsTheClientAuthenticationMethodsOfIntrospectionAndRevocation() {
            JsonPath json = metadata("/.well-known/oauth-authorization-server");
            List<Object> tokenMethods = json.getList("token_endpoint_auth_methods_supported");
            assertThat(json.getList("introspection_endpoint_auth_methods_supported"), equalTo(tokenMethods));
            assertThat(json.getList("revocation_endpoint_auth_methods_supported"), equalTo(tokenMethods));
        }

        @Test
        void listsTheClientCredentialsAndRefreshTokenGrants() {
            assertThat(
                    metadata("/.well-known/openid-configuration").getList("grant_types_supported"),
                    hasItems("urn:openid:params:grant-type:ciba", "client_credentials", "refresh_token"));
        }

        @Test
        void listsTheScopesWithAMeaningHere() {
            assertThat(
                    metadata("/.well-known/openid-configuration").getList("scopes_supported"),
                    contains("openid", "profile", "email", "offline_access"));
        }

        @Test
        void listsTheUserInfoClaims() {
            assertThat(
                    metadata("/.well-known/openid-configuration").getList("claims_supported"),
                    hasItems("name", "email"));
        }
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §4 Registration and Discovery Metadata")
    class CibaMetadata {
        @Test
        void advertisesTheBackchannelEndpointAndThePollPingAndPushModes() {
            JsonPath json = metadata("/.well-known/openid-configuration");
            assertThat(json.getString("backchannel_authentication_endpoint"), equalTo(issuer + "/bc-authorize"));
            assertThat(json.getList("backchannel_token_delivery_modes_supported"), contains("poll", "ping", "push"));
            assertThat(json.getBoolean("backchannel_user_code_parameter_supported"), is(false));
            assertThat(json.getList("grant_types_supported"), hasItems("urn:openid:params:grant-type:ciba"));
        }

        @Test
        void advertisesTheConfiguredAuthorizationDetailsTypes() {
            assertThat(
                    metadata("/.well-known/openid-configuration").getList("authorization_details_types_supported"),
                    equalTo(List.of("payment_initiation", "account_information", "number_check")));
        }
    }

    @Nested
    @DisplayName("RFC 9449 §5.1 Authorization Server Metadata")
    class DpopMetadata {
        @Test
        void advertisesTheConfiguredAsymmetricDpopAlgorithmsOnly() {
            assertThat(
                    metadata("/.well-known/openid-configuration").getList("dpop_signing_alg_values_supported"),
                    equalTo(List.of("ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512")));
        }
    }

    @Nested
    @DisplayName("RFC 8414 §3 Obtaining Authorization Server Metadata")
    class AuthorizationServerMetadata {
        @Test
        void servesTheSameDocumentAtTheOAuthWellKnownPath() {
            assertThat(
                    metadata("/.well-known/oauth-authorization-server").getMap(""),
                    equalTo(metadata("/.well-known/openid-configuration").getMap("")));
        }

        @Test
        void answersOtherMethodsWith405AndAJsonError() {
            given().contentType("application/json")
                    .body("{\"issuer\":\"https://evil.example\"}")
                    .post("/.well-known/openid-configuration")
                    .then()
                    .statusCode(405)
                    .contentType("application/json");
            assertThat(metadata("/.well-known/openid-configuration").getString("issuer"), equalTo(issuer));
        }

        @Test
        void answersAnUnknownWellKnownPathWithAJsonError() {
            given().get("/.well-known/unknown").then().statusCode(404).contentType("application/json");
        }
    }
}
