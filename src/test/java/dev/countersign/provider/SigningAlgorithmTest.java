package dev.countersign.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SigningAlgorithmTest {
    private static final byte[] INPUT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0".getBytes(StandardCharsets.US_ASCII);

    @Nested
    @DisplayName("RFC 7518 §3.4: the ES256 signature is R || S, two 32-byte big-endian integers")
    class Es256 {
        @Test
        void signatureIsSixtyFourBytesThatTheJdkVerifiesWithThePublicKey() throws Exception {
            KeyPair pair = SigningAlgorithm.ES256.generateKeyPair();
            byte[] signature = SigningAlgorithm.ES256.sign(pair.getPrivate(), INPUT);

            assertThat(signature).hasSize(64);
            // The JDK's own ECDSA in the IEEE P1363 format (R || S) verifies what Bouncy Castle signed.
            assertThat(jdkVerifies("SHA256withECDSAinP1363Format", pair.getPublic(), signature))
                    .isTrue();
        }

        @Test
        void aKeyReadBackFromItsPkcs8EncodingSignsForTheSamePublicKey() throws Exception {
            KeyPair pair = SigningAlgorithm.ES256.generateKeyPair();
            var stored = SigningAlgorithm.ES256.privateKey(pair.getPrivate().getEncoded());

            assertThat(jdkVerifies(
                            "SHA256withECDSAinP1363Format",
                            pair.getPublic(),
                            SigningAlgorithm.ES256.sign(stored, INPUT)))
                    .isTrue();
        }
    }

    @Nested
    @DisplayName("RFC 7518 §3.3: RS256 is RSASSA-PKCS1-v1_5 with SHA-256")
    class Rs256 {
        @Test
        void theJdkVerifiesTheSignatureWithThePublicKey() throws Exception {
            KeyPair pair = SigningAlgorithm.RS256.generateKeyPair();
            byte[] signature = SigningAlgorithm.RS256.sign(pair.getPrivate(), INPUT);

            assertThat(signature).hasSize(256);
            assertThat(jdkVerifies("SHA256withRSA", pair.getPublic(), signature))
                    .isTrue();
        }
    }

    private static boolean jdkVerifies(String algorithm, PublicKey key, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(INPUT);
        return verifier.verify(signature);
    }
}
