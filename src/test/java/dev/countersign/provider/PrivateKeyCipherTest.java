package dev.countersign.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PrivateKeyCipherTest {
    private static SecretKeySpec randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "AES");
    }

    private final PrivateKeyCipher cipher = new PrivateKeyCipher(randomKey());

    @Nested
    @DisplayName("NIST SP 800-38D AES-256-GCM: signing keys encrypted at rest")
    class AtRest {
        @ParameterizedTest
        @EnumSource(SigningAlgorithm.class)
        void decryptsWhatItEncrypted(SigningAlgorithm alg) {
            PrivateKey key = alg.generateKeyPair().getPrivate();
            String stored = cipher.encrypt("kid-1", key);
            assertFalse(stored.contains(
                    java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key.getEncoded())));
            PrivateKey back = cipher.decrypt("kid-1", alg, stored);
            // ES256 keys come back as Bouncy Castle keys, whose PKCS #8 encoding differs from the
            // JDK's (it carries the public point too); the private scalar is what must survive.
            if (key instanceof ECPrivateKey ec) {
                assertEquals(ec.getS(), ((ECPrivateKey) back).getS());
            } else {
                assertArrayEquals(key.getEncoded(), back.getEncoded());
            }
        }

        @Test
        void refusesWithAClearMessageUnderAnotherMasterKey() {
            String stored = cipher.encrypt(
                    "kid-1", SigningAlgorithm.ES256.generateKeyPair().getPrivate());
            PrivateKeyCipher other = new PrivateKeyCipher(randomKey());
            IllegalStateException e = assertThrows(
                    PrivateKeyCipher.UndecryptableKeyException.class,
                    () -> other.decrypt("kid-1", SigningAlgorithm.ES256, stored));
            assertTrue(e.getMessage().contains("master key"), e.getMessage());
            assertTrue(e.getMessage().contains("kid-1"), e.getMessage());
        }

        @Test
        void refusesACiphertextMovedToAnotherKid() {
            String stored = cipher.encrypt(
                    "kid-1", SigningAlgorithm.ES256.generateKeyPair().getPrivate());
            assertThrows(
                    PrivateKeyCipher.UndecryptableKeyException.class,
                    () -> cipher.decrypt("kid-2", SigningAlgorithm.ES256, stored));
        }

        @Test
        void refusesAnAlteredOrGarbledCiphertext() {
            String stored = cipher.encrypt(
                    "kid-1", SigningAlgorithm.ES256.generateKeyPair().getPrivate());
            String altered = stored.substring(0, stored.length() - 2) + (stored.endsWith("AA") ? "BB" : "AA");
            for (String bad : new String[] {altered, "v1.!!.!!", "v2.a.b", "garbage", ""}) {
                assertThrows(
                        PrivateKeyCipher.UndecryptableKeyException.class,
                        () -> cipher.decrypt("kid-1", SigningAlgorithm.ES256, bad),
                        bad);
            }
        }
    }
}
