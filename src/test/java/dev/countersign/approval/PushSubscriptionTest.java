package dev.countersign.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.common.ProblemException;
import java.net.URI;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PushSubscriptionTest {
    static final URI ENDPOINT = URI.create("https://push.example.net:8443/wpush/abc");
    static final String P256DH =
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";

    static String altered(int index) {
        byte[] point = Base64.getUrlDecoder().decode(P256DH);
        point[index] ^= 1;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(point);
    }

    @Nested
    @DisplayName("RFC 8291 §3.2: the user agent's keys")
    class Keys {
        @Test
        void acceptsAPointOnTheCurveAndA16ByteSecret() {
            PushSubscription s = PushSubscription.of(ENDPOINT, P256DH, AUTH);
            assertThat(s.p256dhText()).isEqualTo(P256DH);
            assertThat(s.authText()).isEqualTo(AUTH);
        }

        @Test
        void acceptsPaddedBase64url() {
            assertThat(PushSubscription.of(ENDPOINT, P256DH + "=", AUTH + "==").authText())
                    .isEqualTo(AUTH);
        }

        @Test
        void refusesAPointOffTheCurve() {
            assertThatThrownBy(() -> PushSubscription.of(ENDPOINT, altered(64), AUTH))
                    .isInstanceOf(ProblemException.class)
                    .hasMessageContaining("p256dh");
        }

        @Test
        void refusesACompressedOrTruncatedPoint() {
            assertThatThrownBy(() -> PushSubscription.of(ENDPOINT, altered(0), AUTH))
                    .isInstanceOf(ProblemException.class);
            assertThatThrownBy(() -> PushSubscription.of(ENDPOINT, P256DH.substring(0, 44), AUTH))
                    .isInstanceOf(ProblemException.class);
        }

        @Test
        void refusesAnAuthSecretOfAnotherLength() {
            assertThatThrownBy(() -> PushSubscription.of(ENDPOINT, P256DH, "BTBZMqHH6r4Tts7J_aSI"))
                    .isInstanceOf(ProblemException.class)
                    .hasMessageContaining("auth");
        }

        @Test
        void refusesTextThatIsNotBase64url() {
            assertThatThrownBy(() -> PushSubscription.of(ENDPOINT, P256DH, "BTBZMqHH6r4Tts7J+aSIgg"))
                    .isInstanceOf(ProblemException.class);
        }
    }

    @Nested
    @DisplayName("RFC 8292 §2: the audience is the push service's origin")
    class Origin {
        @Test
        void keepsANonDefaultPortAndDropsThePath() {
            assertThat(PushSubscription.of(ENDPOINT, P256DH, AUTH).origin()).isEqualTo("https://push.example.net:8443");
        }

        @Test
        void dropsTheDefaultPort() {
            assertThat(PushSubscription.of(URI.create("https://FCM.googleapis.com:443/fcm/send/x"), P256DH, AUTH)
                            .origin())
                    .isEqualTo("https://fcm.googleapis.com");
        }
    }
}
