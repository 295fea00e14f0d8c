package dev.countersign.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.testing.MutableClock;
import java.time.Duration;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DpopNoncesTest {
    static final SecretKeySpec KEY = new SecretKeySpec(new byte[32], "RAW");
    final MutableClock clock = new MutableClock();
    final DpopNonces nonces = new DpopNonces(KEY, clock, Duration.ofMinutes(1));

    @Nested
    @DisplayName("RFC 9449 §8 server-provided nonces without server state")
    class Nonces {
        @Test
        void acceptsItsOwnNonceInItsWindowAndTheNext() {
            String nonce = nonces.current();
            assertThat(nonces.isRecent(nonce)).isTrue();
            clock.advance(Duration.ofSeconds(60));
            assertThat(nonces.isRecent(nonce)).isTrue();
            clock.advance(Duration.ofSeconds(60));
            assertThat(nonces.isRecent(nonce)).isFalse();
        }

        @Test
        void isAcceptedByAnotherInstanceWithTheSameKey() {
            DpopNonces other = new DpopNonces(KEY, clock, Duration.ofMinutes(1));
            assertThat(other.isRecent(nonces.current())).isTrue();
        }

        @Test
        void refusesANonceOfAnotherKeyOrATamperedOne() {
            DpopNonces other =
                    new DpopNonces(new SecretKeySpec(new byte[] {1, 2, 3}, "RAW"), clock, Duration.ofMinutes(1));
            assertThat(nonces.isRecent(other.current())).isFalse();
            String nonce = nonces.current();
            String tampered = nonce.substring(0, nonce.length() - 1) + (nonce.endsWith("A") ? "B" : "A");
            assertThat(nonces.isRecent(tampered)).isFalse();
            assertThat(nonces.isRecent("not base64 !")).isFalse();
            assertThat(nonces.isRecent("")).isFalse();
        }

        @Test
        void usesOnlyNonceSyntaxCharacters() {
            // RFC 9449 §8.1: nonce = 1*NQCHAR
            assertThat(nonces.current()).matches("[A-Za-z0-9_-]+");
        }
    }
}
