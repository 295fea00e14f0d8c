package dev.countersign.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Settings that belong to the service as a whole rather than to one feature. */
@ConfigMapping(prefix = "countersign")
public interface ServiceConfig {
    /**
     * The issuer identifier (OpenID Connect Discovery §3): the https URL the provider is reached at,
     * with no query or fragment. Every endpoint URL in discovery is derived from it. Unset, it is
     * {@code http://localhost:} and the port the service listens on, so a service started on
     * another port for a try on one machine still advertises where it is.
     */
    @WithDefault("http://localhost:${quarkus.http.port:8080}")
    URI issuer();

    /** The folder for files the service keeps beside its database, such as a generated master key. */
    @WithDefault("data")
    Path dataDir();

    /**
     * The master key (base64 of 32 random bytes) that encrypts signing keys at rest and keys the
     * hash of every stored secret. When unset, one is generated into {@code <data-dir>/master.key}
     * on first start. Several instances sharing a database must all be given the same key.
     */
    Optional<String> masterKey();

    /**
     * The URL of one of this service's endpoints: {@code path} (starting with {@code /}) below the
     * issuer, whether or not the issuer ends with a slash.
     */
    default String endpoint(String path) {
        String issuer = issuer().toString();
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + path;
    }
}
