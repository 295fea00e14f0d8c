package dev.countersign.common.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboundUrlPolicyTest {

    private static OutboundUrlPolicy policy(String... allowed) {
        return new OutboundUrlPolicy(new OutboundConfig() {
            @Override
            public Optional<List<String>> allowedPrivateHosts() {
                return allowed.length == 0 ? Optional.empty() : Optional.of(List.of(allowed));
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Optional<Path> trustCertificates() {
                return Optional.empty();
            }
        });
    }

    @Nested
    @DisplayName("URL shape")
    class Shape {
        @Test
        void acceptsAnHttpsUrlOfAPublicAddress() {
            assertThat(policy().checkRegistered("https://93.184.215.14/cb")).hasHost("93.184.215.14");
            assertThat(policy().checkRegistered("https://agent.example.com/cb")).hasHost("agent.example.com");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "http://agent.example.com/cb",
                    "ftp://agent.example.com/cb",
                    "/cb",
                    "https:///cb",
                    "https://user:pw@agent.example.com/cb",
                    "https://agent.example.com/cb#frag",
                    "not a url",
                    "mailto:someone@example.com"
                })
        void refusesAnythingButAbsoluteHttpsWithoutUserinfoOrFragment(String url) {
            assertThatThrownBy(() -> policy().checkRegistered(url)).isInstanceOf(OutboundUrlRejected.class);
        }
    }

    @Nested
    @DisplayName("Server-side request forgery")
    class Ssrf {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "https://127.0.0.1/cb",
                    "https://10.1.2.3/cb",
                    "https://172.16.0.1/cb",
                    "https://192.168.1.1/cb",
                    "https://169.254.169.254/latest/meta-data",
                    "https://100.64.0.1/cb",
                    "https://0.0.0.0/cb",
                    "https://[::1]/cb",
                    "https://[fd00::1]/cb",
                    "https://[fe80::1]/cb",
                    "https://[::ffff:127.0.0.1]/cb",
                    "https://[::ffff:10.0.0.1]/cb"
                })
        void refusesPrivateAndLoopbackLiterals(String url) {
            assertThatThrownBy(() -> policy().checkRegistered(url))
                    .isInstanceOf(OutboundUrlRejected.class)
                    .hasMessageContaining("private or loopback");
        }

        @Test
        void refusesANameThatResolvesToLoopbackBeforeTheCall() {
            assertThatThrownBy(() -> policy().checkBeforeCall(URI.create("https://localhost/cb")))
                    .isInstanceOf(OutboundUrlRejected.class)
                    .hasMessageContaining("resolves to a private or loopback");
        }

        @Test
        void allowsListedNamesAddressesAndBlocksAlsoOverHttp() {
            OutboundUrlPolicy policy = policy("localhost", "10.0.0.0/8", "::1");
            policy.checkBeforeCall(URI.create("https://localhost:8443/cb"));
            policy.checkBeforeCall(URI.create("http://localhost:8080/cb"));
            policy.checkBeforeCall(URI.create("http://10.20.30.40/cb"));
            policy.checkBeforeCall(URI.create("https://[::1]:8443/cb"));
            assertThatThrownBy(() -> policy.checkBeforeCall(URI.create("https://192.168.0.1/cb")))
                    .isInstanceOf(OutboundUrlRejected.class);
            assertThatThrownBy(() -> policy.checkRegistered("http://agent.example.com/cb"))
                    .hasMessageContaining("https");
        }
    }

    @Test
    void cidrBlocksMatchOnTheirPrefixOnly() throws Exception {
        Cidr block = Cidr.parse("172.16.0.0/12");
        assertThat(block.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(block.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
        assertThat(block.contains(InetAddress.getByName("::1"))).isFalse();
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
