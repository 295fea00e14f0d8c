package dev.countersign.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The WebAuthn challenge cookie's key comes from the master key, so instances and restarts agree. */
@QuarkusTest
class SessionEncryptionKeySourceEndpointTest {

    @Nested
    @DisplayName("Session encryption key derived from the master key")
    class Derivation {
        @Test
        void isHmacSha256OfItsPurposeUnderTheMasterKey() throws Exception {
            String masterKey = ConfigProvider.getConfig().getValue("countersign.master-key", String.class);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(masterKey), "HmacSHA256"));
            String expected = Base64.getEncoder()
                    .encodeToString(
                            mac.doFinal("countersign/http-session-encryption/v1".getBytes(StandardCharsets.UTF_8)));

            String actual = ConfigProvider.getConfig().getValue(SessionEncryptionKeySource.PROPERTY, String.class);

            assertThat(actual).isEqualTo(expected).hasSizeGreaterThanOrEqualTo(32);
        }

        @Test
        void isNeverListedAmongThePropertyNamesSoTheBuildCannotRecordIt() {
            assertThat(new SessionEncryptionKeySource().getConfigSources(null))
                    .allSatisfy(source -> assertThat(source.getPropertyNames()).isEmpty());
        }
    }
}
