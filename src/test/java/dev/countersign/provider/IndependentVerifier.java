package dev.countersign.provider;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;

/**
 * Verifies a token the way a resource server would, with Nimbus JOSE (not our code): fetch the JWKS
 * over HTTP, pick the key by {@code kid}, check the signature.
 */
public final class IndependentVerifier {
    private IndependentVerifier() {}

    public static JWKSet publishedKeys() throws Exception {
        return JWKSet.parse(
                given().get("/jwks").then().statusCode(200).extract().asString());
    }

    /** The token, after asserting that a key published now verifies its signature. */
    public static SignedJWT verify(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWK key = publishedKeys().getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "the JWKS publishes the key " + jwt.getHeader().getKeyID());
        JWSVerifier verifier = key instanceof ECKey ec ? new ECDSAVerifier(ec) : new RSASSAVerifier((RSAKey) key);
        assertTrue(jwt.verify(verifier), "the signature verifies with the published key");
        return jwt;
    }
}
