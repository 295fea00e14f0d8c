package dev.countersign.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TargetUriTest {
    @Nested
    @DisplayName("RFC 3986 §6.2.2 and §6.2.3 normalisation of htu (RFC 9449 §4.3)")
    class Normalisation {
        @Test
        void lowerCasesSchemeAndHost() {
            assertThat(TargetUri.normalize("HTTPS://Server.EXAMPLE.com/token"))
                    .hasValue("https://server.example.com/token");
        }

        @Test
        void dropsTheDefaultPortButKeepsOthers() {
            assertThat(TargetUri.normalize("https://a.example:443/token")).hasValue("https://a.example/token");
            assertThat(TargetUri.normalize("http://a.example:80/token")).hasValue("http://a.example/token");
            assertThat(TargetUri.normalize("http://a.example:8080/token")).hasValue("http://a.example:8080/token");
        }

        @Test
        void givesAnEmptyPathTheSlash() {
            assertThat(TargetUri.normalize("https://a.example")).hasValue("https://a.example/");
        }

        @Test
        void removesDotSegments() {
            assertThat(TargetUri.normalize("https://a.example/x/../token")).hasValue("https://a.example/token");
            assertThat(TargetUri.normalize("https://a.example/./token")).hasValue("https://a.example/token");
        }

        @Test
        void decodesUnreservedAndUpperCasesOtherPercentEncodings() {
            assertThat(TargetUri.normalize("https://a.example/%7euser/%2fx")).hasValue("https://a.example/~user/%2Fx");
        }

        @Test
        void ignoresQueryAndFragment() {
            assertThat(TargetUri.normalize("https://a.example/token?a=b#c")).hasValue("https://a.example/token");
        }

        @Test
        void refusesRelativeNonHttpAndUserinfoUris() {
            assertThat(TargetUri.normalize("/token")).isEmpty();
            assertThat(TargetUri.normalize("ftp://a.example/token")).isEmpty();
            assertThat(TargetUri.normalize("https://user:pw@a.example/token")).isEmpty();
            assertThat(TargetUri.normalize("https://a.example/to ken")).isEmpty();
        }
    }
}
