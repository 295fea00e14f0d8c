package dev.countersign.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {
    private static final PasswordHasher HASHER = new PasswordHasher();
    // The Argon2id v1.3 vector of the reference implementation (phc-winner-argon2, src/test.c).
    private static final String REFERENCE =
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

    @Nested
    @DisplayName("RFC 9106 Argon2id in the PHC string format")
    class Argon2id {
        @Test
        void storesAPhcStringWithTheOwaspParameters() {
            String phc = HASHER.hash("correct horse battery staple");
            assertTrue(
                    phc.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), phc);
        }

        @Test
        void verifiesTheReferenceImplementationsTestVector() {
            assertTrue(HASHER.verify("password", REFERENCE));
            assertFalse(HASHER.verify("passwore", REFERENCE));
        }

        @Test
        void acceptsHashesMadeWithOtherParametersReadFromTheString() {
            String other = HASHER.hash("an older password", 8192, 3, 2);
            assertTrue(other.startsWith("$argon2id$v=19$m=8192,t=3,p=2$"), other);
            assertTrue(HASHER.verify("an older password", other));
            assertFalse(HASHER.verify("another password", other));
        }

        @Test
        void verifiesItsOwnHashAndRejectsAnyOtherPassword() {
            String phc = HASHER.hash("correct horse battery staple");
            assertTrue(HASHER.verify("correct horse battery staple", phc));
            assertFalse(HASHER.verify("correct horse battery stapl", phc));
            assertFalse(HASHER.verify("", phc));
            assertFalse(HASHER.verify(null, phc));
        }

        @Test
        void saltsEveryHashAfresh() {
            assertNotEquals(HASHER.hash("the same password"), HASHER.hash("the same password"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    "plain",
                    "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                    "$argon2id$v=16$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                    "$argon2id$v=19$m=9999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                    "$argon2id$v=19$m=65536,t=0,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                    "$argon2id$v=19$m=4,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPP"
                })
        void rejectsMalformedOrUnreasonableStoredHashes(String stored) {
            assertFalse(HASHER.verify("password", stored));
        }

        @Test
        void rejectsAMissingStoredHash() {
            assertFalse(HASHER.verify("password", null));
        }
    }

    @Nested
    @DisplayName("NIST SP 800-63B §5.1.1.2 Memorized secret verifiers")
    class Normalization {
        @Test
        void matchesAPasswordTypedInAnotherUnicodeForm() {
            String composed = "caf\u00e9 au lait, s'il vous pla\u00eet";
            String decomposed = "cafe\u0301 au lait, s'il vous plai\u0302t";
            assertTrue(HASHER.verify(decomposed, HASHER.hash(composed)));
        }

        @Test
        void spendsTheSameWorkForAnUnknownUserAndFails() {
            assertFalse(HASHER.verifyDecoy("anything at all"));
            assertFalse(HASHER.verifyDecoy(null));
        }
    }
}
