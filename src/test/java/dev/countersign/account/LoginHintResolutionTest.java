package dev.countersign.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.testing.PostgresServerResource;
import dev.countersign.testing.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
class LoginHintResolutionTest {
    @Inject
    Users users;

    User ada;

    @BeforeEach
    void createUser() {
        String username = TestUsers.uniqueUsername("Hint");
        ada = users.create(username, username.toLowerCase() + "@Example.com", "Ada", TestUsers.PASSWORD);
    }

    @Nested
    @DisplayName("CIBA Core 1.0 §7.1 login_hint resolves a username, an e-mail address or a sub")
    class Resolution {
        @Test
        void resolvesTheUsernameIgnoringCase() {
            assertEquals(
                    ada.sub(),
                    users.resolveLoginHint(ada.username()).orElseThrow().sub());
            assertEquals(
                    ada.sub(),
                    users.resolveLoginHint(ada.username().toUpperCase())
                            .orElseThrow()
                            .sub());
        }

        @Test
        void resolvesTheEmailAddressIgnoringCase() {
            assertEquals(
                    ada.sub(),
                    users.resolveLoginHint(ada.email().orElseThrow())
                            .orElseThrow()
                            .sub());
            assertEquals(
                    ada.sub(),
                    users.resolveLoginHint(ada.email().orElseThrow().toLowerCase())
                            .orElseThrow()
                            .sub());
        }

        @Test
        void resolvesTheSubExactly() {
            assertEquals(
                    ada.username(),
                    users.resolveLoginHint(ada.sub()).orElseThrow().username());
        }

        @Test
        void resolvesTheWholeUserAsStored() {
            assertEquals(ada, users.resolveLoginHint(ada.sub()).orElseThrow());
            assertEquals(ada, users.resolveLoginHint(ada.username()).orElseThrow());
        }

        @Test
        void resolvesNothingForUnknownEmptyOrHostileHints() {
            assertTrue(users.resolveLoginHint("nobody-at-all").isEmpty());
            assertTrue(users.resolveLoginHint("").isEmpty());
            assertTrue(users.resolveLoginHint(null).isEmpty());
            assertTrue(users.resolveLoginHint("' or '1'='1").isEmpty());
            assertTrue(users.resolveLoginHint("x".repeat(100_000)).isEmpty());
        }

        @Test
        void resolvesNothingForADeletedUser() {
            users.delete(ada.sub());
            assertTrue(users.resolveLoginHint(ada.username()).isEmpty());
            assertTrue(users.findBySub(ada.sub()).isEmpty());
        }
    }
}
