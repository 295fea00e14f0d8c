package dev.countersign.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 7518 §3.4: ES256 verified by Bouncy Castle inside jose4j")
class Es256VerificationTest {
    private static KeyPair pair;

    @BeforeAll
    static void install() throws Exception {
        Es256Verification.install();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        pair = generator.generateKeyPair();
    }

    /** Signed by jose4j with the JDK's ECDSA, so the verifier under test did not make it. */
    private static String signedByTheJdk(String payload) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
        jws.setKey(pair.getPrivate());
        return jws.getCompactSerialization();
    }

    private static boolean verifies(String compact) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(compact);
        jws.setKey(pair.getPublic());
        return jws.verifySignature();
    }

    @Test
    void jose4jNowUsesTheBouncyCastleCheck() throws Exception {
        assertThat(org.jose4j.jwa.AlgorithmFactoryFactory.getInstance()
                        .getJwsAlgorithmFactory()
                        .getAlgorithm(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256))
                .isInstanceOf(Es256Verification.Algorithm.class);
    }

    @Test
    void acceptsAValidSignature() throws Exception {
        assertThat(verifies(signedByTheJdk("{\"sub\":\"a\"}"))).isTrue();
    }

    @Test
    void rejectsAnAlteredPayload() throws Exception {
        String[] parts = signedByTheJdk("{\"sub\":\"a\"}").split("\\.");
        String other = signedByTheJdk("{\"sub\":\"b\"}").split("\\.")[1];
        assertThat(verifies(parts[0] + "." + other + "." + parts[2])).isFalse();
    }

    @Test
    void rejectsASignatureOfTheWrongLength() throws Exception {
        String[] parts = signedByTheJdk("{\"sub\":\"a\"}").split("\\.");
        byte[] signature = java.util.Base64.getUrlDecoder().decode(parts[2]);
        String longer = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(signature, 65));
        assertThat(verifies(parts[0] + "." + parts[1] + "." + longer)).isFalse();
    }

    @Test
    void rejectsRAndSOfZero() throws Exception {
        String[] parts = signedByTheJdk("{\"sub\":\"a\"}").split("\\.");
        String zeros = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        assertThat(verifies(parts[0] + "." + parts[1] + "." + zeros)).isFalse();
    }

    @Test
    void stillRefusesAKeyThatIsNotP256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(signedByTheJdk("{\"sub\":\"a\"}"));
        jws.setKey(generator.generateKeyPair().getPublic());
        assertThatThrownBy(jws::verifySignature).isInstanceOf(JoseException.class);
    }
}
