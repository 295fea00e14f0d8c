package dev.countersign.common.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How the service calls out to URLs that clients registered (notification endpoints, jwks_uri). */
@ConfigMapping(prefix = "countersign.outbound")
public interface OutboundConfig {
    /**
     * Hosts the service may call although they are loopback or private addresses, and over plain
     * http: host names (matched exactly, case-insensitively), IP addresses or CIDR blocks, e.g.
     * {@code localhost,10.1.0.0/16} for on-premises agents and tests. Empty: https to public
     * addresses only.
     */
    Optional<List<String>> allowedPrivateHosts();

    /** How long to wait for a connection (TCP and TLS) to an outbound URL. */
    @WithDefault("PT2S")
    Duration connectTimeout();

    /** How long to wait for the whole answer of an outbound call. */
    @WithDefault("PT5S")
    Duration requestTimeout();

    /**
     * A PEM file of certificates to trust for outbound https besides the JDK's own trust store,
     * e.g. a private certificate authority of on-premises agents.
     */
    Optional<Path> trustCertificates();
}
