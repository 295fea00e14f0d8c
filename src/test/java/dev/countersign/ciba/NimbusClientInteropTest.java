package dev.countersign.ciba;

import static dev.countersign.testing.CibaCalls.decide;
import static dev.countersign.testing.CibaCalls.newestPendingId;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.ciba.BackChannelTokenDeliveryMode;
import com.nimbusds.oauth2.sdk.ciba.CIBAGrant;
import com.nimbusds.oauth2.sdk.ciba.CIBAPingCallback;
import com.nimbusds.oauth2.sdk.ciba.CIBAPushCallback;
import com.nimbusds.oauth2.sdk.ciba.CIBARequest;
import com.nimbusds.oauth2.sdk.ciba.CIBARequestAcknowledgement;
import com.nimbusds.oauth2.sdk.ciba.CIBAResponse;
import com.nimbusds.oauth2.sdk.ciba.CIBATokenDelivery;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.countersign.testing.CibaCalls;
import dev.countersign.testing.ClientJwts;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.Fixtures.SignedInUser;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.NotificationReceiver;
import dev.countersign.testing.NotificationReceiver.Received;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An independent, widely used OAuth/OIDC client library (Nimbus OAuth 2.0 SDK with OpenID Connect
 * extensions) discovers the provider, starts a CIBA request, polls, and validates the ID token and
 * the access token signatures from the published JWKS; authenticates with private_key_jwt; and
 * takes ping and push callbacks as its own CIBA types.
 */
@QuarkusTest
@DisplayName("Interop: the Nimbus OAuth 2.0 SDK as a CIBA client")
class NimbusClientInteropTest {
    @ConfigProperty(name = "countersign.issuer")
    String issuer;

    @Inject
    MutableClock clock;

    RegisteredClient client;
    SignedInUser user;

    @BeforeEach
    void setUp() {
        clock.reset();
        client = Fixtures.client();
        user = Fixtures.signedInUser();
    }

    @Test
    void discoversStartsPollsAndValidatesTokens() throws Exception {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(issuer));
        assertThat(metadata.getGrantTypes()).extracting(Object::toString).contains(CibaCalls.CIBA_GRANT);
        ClientSecretBasic auth =
                new ClientSecretBasic(new ClientID(client.clientId()), new Secret(client.clientSecret()));

        CIBARequest request = new CIBARequest.Builder(auth, new Scope("openid", "payments"))
                .loginHint(user.username())
                .bindingMessage("Pay €42 to Bob")
                .endpointURI(metadata.getBackChannelAuthenticationEndpointURI())
                .build();
        CIBAResponse cibaResponse = CIBAResponse.parse(request.toHTTPRequest().send());
        assertThat(cibaResponse.indicatesSuccess()).isTrue();
        CIBARequestAcknowledgement ack = cibaResponse.toRequestAcknowledgement();

        TokenRequest poll =
                new TokenRequest(metadata.getTokenEndpointURI(), auth, new CIBAGrant(ack.getAuthRequestID()));
        TokenResponse pending =
                OIDCTokenResponseParser.parse(poll.toHTTPRequest().send());
        assertThat(pending.indicatesSuccess()).isFalse();
        assertThat(((TokenErrorResponse) pending).getErrorObject().getCode()).isEqualTo("authorization_pending");

        decide(user, newestPendingId(user), "approve").then().statusCode(204);
        clock.advance(Duration.ofSeconds(ack.getMinWaitInterval()));

        TokenResponse answer =
                OIDCTokenResponseParser.parse(poll.toHTTPRequest().send());
        assertThat(answer.indicatesSuccess()).as(answer.toString()).isTrue();
        OIDCTokenResponse tokens = (OIDCTokenResponse) answer.toSuccessResponse();
        URL jwks = metadata.getJWKSetURI().toURL();

        IDTokenValidator idTokenValidator =
                new IDTokenValidator(new Issuer(issuer), new ClientID(client.clientId()), JWSAlgorithm.ES256, jwks);
        IDTokenClaimsSet idClaims =
                idTokenValidator.validate(tokens.getOIDCTokens().getIDToken(), null);
        assertThat(idClaims.getSubject().getValue()).isEqualTo(user.sub());

        JWTClaimsSet accessClaims = accessTokenProcessor(jwks)
                .process(tokens.getOIDCTokens().getAccessToken().getValue(), null);
        assertThat(accessClaims.getSubject()).isEqualTo(user.sub());
        assertThat(accessClaims.getStringClaim("client_id")).isEqualTo(client.clientId());
        assertThat(accessClaims.getJSONObjectClaim("act")).containsEntry("sub", client.clientId());
    }

    /**
     * private_key_jwt (RFC 7523, OIDC Core §9) as Nimbus builds it: a fresh ES256 assertion per
     * request, with the backchannel endpoint and then the token endpoint as audience.
     */
    @Test
    void authenticatesWithPrivateKeyJwtBuiltByTheLibrary() throws Exception {
        ECKey key = ClientJwts.ecKey("interop-1");
        RegisteredClient keyed = Fixtures.client(Map.of(
                "token_endpoint_auth_method",
                "private_key_jwt",
                "jwks",
                new JWKSet(key.toPublicJWK()).toJSONObject(true)));
        OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(issuer));
        assertThat(metadata.getTokenEndpointAuthMethods()).contains(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        ClientID clientId = new ClientID(keyed.clientId());
        URI bcEndpoint = metadata.getBackChannelAuthenticationEndpointURI();

        CIBARequest request = new CIBARequest.Builder(
                        new PrivateKeyJWT(
                                clientId, bcEndpoint, JWSAlgorithm.ES256, key.toECPrivateKey(), "interop-1", null),
                        new Scope("openid"))
                .loginHint(user.username())
                .endpointURI(bcEndpoint)
                .build();
        CIBAResponse cibaResponse = CIBAResponse.parse(request.toHTTPRequest().send());
        assertThat(cibaResponse.indicatesSuccess()).as(cibaResponse.toString()).isTrue();
        CIBARequestAcknowledgement ack = cibaResponse.toRequestAcknowledgement();

        decide(user, newestPendingId(user), "approve").then().statusCode(204);
        clock.advance(Duration.ofSeconds(ack.getMinWaitInterval()));

        URI tokenEndpoint = metadata.getTokenEndpointURI();
        TokenRequest poll = new TokenRequest(
                tokenEndpoint,
                new PrivateKeyJWT(clientId, tokenEndpoint, JWSAlgorithm.ES256, key.toECPrivateKey(), "interop-1", null),
                new CIBAGrant(ack.getAuthRequestID()));
        TokenResponse answer =
                OIDCTokenResponseParser.parse(poll.toHTTPRequest().send());
        assertThat(answer.indicatesSuccess()).as(answer.toString()).isTrue();
        JWTClaimsSet accessClaims = accessTokenProcessor(metadata.getJWKSetURI().toURL())
                .process(
                        ((OIDCTokenResponse) answer.toSuccessResponse())
                                .getOIDCTokens()
                                .getAccessToken()
                                .getValue(),
                        null);
        assertThat(accessClaims.getStringClaim("client_id")).isEqualTo(keyed.clientId());

        // The same assertion again is a replay (OIDC Core §9: "MUST only be used once").
        TokenResponse replay =
                OIDCTokenResponseParser.parse(poll.toHTTPRequest().send());
        assertThat(((TokenErrorResponse) replay).getErrorObject().getCode()).isEqualTo("invalid_client");
    }

    /**
     * Ping (CIBA Core 1.0 §10.2) as the library understands it: Nimbus builds the request with its
     * client_notification_token, parses our callback as a {@code CIBAPingCallback} carrying that
     * bearer token and the auth_req_id, and redeems the id exactly once.
     */
    @Test
    void pingCallbackParsesInTheLibraryAndTheIdIsRedeemedOnce() throws Exception {
        try (NotificationReceiver receiver = NotificationReceiver.start()) {
            RegisteredClient pinged = Fixtures.client(Map.of(
                    "backchannel_token_delivery_mode",
                    "ping",
                    "backchannel_client_notification_endpoint",
                    receiver.url()));
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(issuer));
            assertThat(metadata.getBackChannelTokenDeliveryModes()).contains(BackChannelTokenDeliveryMode.PING);
            ClientSecretBasic auth =
                    new ClientSecretBasic(new ClientID(pinged.clientId()), new Secret(pinged.clientSecret()));
            BearerAccessToken notificationToken = new BearerAccessToken();
            CIBARequestAcknowledgement ack = start(metadata, auth, notificationToken);

            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            CIBAPingCallback ping = CIBAPingCallback.parse(asNimbusRequest(receiver, receiver.url()));
            assertThat(ping.getAccessToken()).isEqualTo(notificationToken);
            assertThat(ping.getAuthRequestID()).isEqualTo(ack.getAuthRequestID());

            TokenRequest redeem =
                    new TokenRequest(metadata.getTokenEndpointURI(), auth, new CIBAGrant(ping.getAuthRequestID()));
            TokenResponse answer =
                    OIDCTokenResponseParser.parse(redeem.toHTTPRequest().send());
            assertThat(answer.indicatesSuccess()).as(answer.toString()).isTrue();
            TokenResponse again =
                    OIDCTokenResponseParser.parse(redeem.toHTTPRequest().send());
            assertThat(((TokenErrorResponse) again).getErrorObject().getCode()).isEqualTo("invalid_grant");
        }
    }

    /**
     * Push (CIBA Core 1.0 §10.3.1) as the library understands it: the callback parses as a
     * {@code CIBATokenDelivery}, and its ID token validates against the JWKS and names the
     * auth_req_id in {@code urn:openid:params:jwt:claim:auth_req_id}.
     */
    @Test
    void pushedTokensParseInTheLibraryAndTheirIdTokenValidates() throws Exception {
        try (NotificationReceiver receiver = NotificationReceiver.start()) {
            RegisteredClient pushed = Fixtures.client(Map.of(
                    "backchannel_token_delivery_mode",
                    "push",
                    "backchannel_client_notification_endpoint",
                    receiver.url()));
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(issuer));
            ClientSecretBasic auth =
                    new ClientSecretBasic(new ClientID(pushed.clientId()), new Secret(pushed.clientSecret()));
            BearerAccessToken notificationToken = new BearerAccessToken();
            CIBARequestAcknowledgement ack = start(metadata, auth, notificationToken);

            decide(user, newestPendingId(user), "approve").then().statusCode(204);
            CIBAPushCallback callback = CIBAPushCallback.parse(asNimbusRequest(receiver, receiver.url()));
            assertThat(callback.indicatesSuccess()).isTrue();
            assertThat(callback.getAccessToken()).isEqualTo(notificationToken);
            CIBATokenDelivery delivery = callback.toTokenDelivery();
            assertThat(delivery.getAuthRequestID()).isEqualTo(ack.getAuthRequestID());

            IDTokenValidator validator = new IDTokenValidator(
                    new Issuer(issuer),
                    new ClientID(pushed.clientId()),
                    JWSAlgorithm.ES256,
                    metadata.getJWKSetURI().toURL());
            IDTokenClaimsSet claims =
                    validator.validate(delivery.getOIDCTokens().getIDToken(), null);
            assertThat(claims.getStringClaim("urn:openid:params:jwt:claim:auth_req_id"))
                    .isEqualTo(ack.getAuthRequestID().getValue());
            assertThat(claims.getAccessTokenHash()).isNotNull();
        }
    }

    private CIBARequestAcknowledgement start(
            OIDCProviderMetadata metadata, ClientSecretBasic auth, BearerAccessToken notificationToken)
            throws Exception {
        CIBARequest request = new CIBARequest.Builder(auth, new Scope("openid"))
                .loginHint(user.username())
                .clientNotificationToken(notificationToken)
                .endpointURI(metadata.getBackChannelAuthenticationEndpointURI())
                .build();
        CIBAResponse response = CIBAResponse.parse(request.toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).as(response.toString()).isTrue();
        return response.toRequestAcknowledgement();
    }

    /** The one notification the receiver got, as the HTTP request a Nimbus-based client would see. */
    private static HTTPRequest asNimbusRequest(NotificationReceiver receiver, String url) throws Exception {
        Received received =
                receiver.await(all -> !all.isEmpty(), Duration.ofSeconds(10)).get(0);
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create(url));
        request.setAuthorization(received.authorization());
        request.setContentType(received.contentType());
        request.setBody(received.body());
        return request;
    }

    /** RFC 9068 §4 validation: typ at+jwt, signature from the JWKS, iss, exp, iat, jti present. */
    private DefaultJWTProcessor<SecurityContext> accessTokenProcessor(URL jwks) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks).build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "iat", "exp", "jti", "client_id")));
        return processor;
    }
}
