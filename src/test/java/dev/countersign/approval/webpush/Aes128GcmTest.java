package dev.countersign.approval.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.approval.PushSubscription;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.ECPrivateKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Aes128GcmTest {
    static final Base64.Decoder B64 = Base64.getUrlDecoder();

    @Nested
    @DisplayName("RFC 8291 Appendix A: the example push message")
    class Example {
        // RFC 8291 Appendix A, line breaks removed.
        static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
        static final String AS_PUBLIC =
                "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
        static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
        static final String UA_PUBLIC =
                "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
        static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
        static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
        static final String BODY =
                "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

        @Test
        void reproducesTheExampleByteForByte() throws Exception {
            PrivateKey asPrivate = KeyFactory.getInstance("EC")
                    .generatePrivate(
                            new ECPrivateKeySpec(new BigInteger(1, B64.decode(AS_PRIVATE)), PushSubscription.P256));
            KeyPair sender = new KeyPair(EcPoints.decode(B64.decode(AS_PUBLIC)), asPrivate);
            PushSubscription subscription =
                    PushSubscription.of(URI.create("https://push.example.net/x"), UA_PUBLIC, AUTH);

            byte[] body = Aes128Gcm.encrypt(
                    PLAINTEXT.getBytes(StandardCharsets.UTF_8), subscription, sender, B64.decode(SALT));

            assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(body))
                    .isEqualTo(BODY);
        }
    }

    @Test
    void refusesAMessageLargerThanOneRecord() {
        PushSubscription subscription =
                PushSubscription.of(URI.create("https://push.example.net/x"), Example.UA_PUBLIC, Example.AUTH);
        assertThat(Aes128Gcm.encrypt(new byte[Aes128Gcm.MAX_PLAINTEXT], subscription))
                .hasSize(86 + 4096);
        assertThatThrownBy(() -> Aes128Gcm.encrypt(new byte[Aes128Gcm.MAX_PLAINTEXT + 1], subscription))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void derivesATopicOfAtMost32UrlSafeCharactersFromTheRequestId() {
        assertThat(WebPushChannel.topic("01a22179-618c-73fc-977f-c978b96b12b1"))
                .isEqualTo("01a22179618c73fc977fc978b96b12b1")
                .matches("[A-Za-z0-9_-]{32}");
    }
}
