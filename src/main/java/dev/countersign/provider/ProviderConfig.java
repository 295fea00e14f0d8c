package dev.countersign.provider;

import dev.countersign.common.config.DurationRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings of the embedded OpenID Provider: signing keys ({@code countersign.keys.*}), tokens
 * ({@code countersign.tokens.*}), discovery ({@code countersign.provider.*}), client authentication
 * with JWTs ({@code countersign.client-auth.*}) and DPoP proofs ({@code countersign.dpop.*}). One
 * mapping rooted at {@code countersign} so the documented property families stay one feature's
 * configuration.
 */
@ConfigMapping(prefix = "countersign")
public interface ProviderConfig {
    Keys keys();

    Tokens tokens();

    Provider provider();

    ClientAuth clientAuth();

    Dpop dpop();

    /** Signing keys and their rotation. */
    interface Keys {
        /** The algorithm of generated signing keys: ES256 (default) or RS256. */
        @WithDefault("ES256")
        SigningAlgorithm algorithm();

        /** How long a rotated key is published in the JWKS before it signs (0 signs at once). */
        @WithDefault("PT10M")
        @DurationRange(min = "PT0S", max = "P7D")
        Duration publishBeforeUse();

        /** How often each instance reloads the keys from the database; shorter than publish-before-use. */
        @WithDefault("PT30S")
        @DurationRange(min = "PT1S", max = "PT1H")
        Duration refreshInterval();
    }

    /** Issued tokens. */
    interface Tokens {
        /** Lifetime of access tokens (RFC 9068 {@code exp}). */
        @WithDefault("PT5M")
        @DurationRange(min = "PT1S", max = "P1D")
        Duration accessTokenLifetime();

        /** Lifetime of ID tokens (OpenID Connect Core {@code exp}). */
        @WithDefault("PT5M")
        @DurationRange(min = "PT1S", max = "P1D")
        Duration idTokenLifetime();

        /** The access token {@code aud} when the grant names no locations; the issuer when unset. */
        Optional<String> defaultAudience();

        /** How long a refresh token family lives from the original grant, however often it is rotated. */
        @WithDefault("PT24H")
        @DurationRange(min = "PT1M", max = "P90D")
        Duration refreshTokenLifetime();

        /** How long a refresh token stays usable when it is not used (each rotation starts it again). */
        @WithDefault("PT1H")
        @DurationRange(min = "PT1M", max = "P90D")
        Duration refreshTokenIdleLifetime();
    }

    /** What the provider advertises in discovery. */
    interface Provider {
        /** The RFC 9396 authorization details types clients may register and request (default none). */
        Optional<List<String>> authorizationDetailsTypes();
    }

    /** Client authentication with JWTs (RFC 7523, OIDC Core §9). */
    interface ClientAuth {
        /** The longest a client assertion may still be valid when it arrives (its exp minus now). */
        @WithDefault("PT5M")
        @DurationRange(min = "PT10S", max = "PT1H")
        Duration assertionMaxLifetime();

        /** The clock difference tolerated when checking exp, nbf and iat of JWTs that clients sign. */
        @WithDefault("PT30S")
        @DurationRange(min = "PT0S", max = "PT5M")
        Duration clockSkew();

        /** How long a key set fetched from a jwks_uri is used when its answer carries no Cache-Control max-age. */
        @WithDefault("PT5M")
        @DurationRange(min = "PT1S", max = "P1D")
        Duration jwksCacheTtl();

        /** The shortest time a fetched key set is kept, whatever its Cache-Control says. */
        @WithDefault("PT30S")
        @DurationRange(min = "PT0S", max = "PT1H")
        Duration jwksCacheMinTtl();

        /** The longest time a fetched key set is kept, whatever its Cache-Control says. */
        @WithDefault("PT1H")
        @DurationRange(min = "PT1S", max = "P7D")
        Duration jwksCacheMaxTtl();

        /** The least time between two fetches of one jwks_uri, even when JWTs name a key it did not have. */
        @WithDefault("PT30S")
        @DurationRange(min = "PT0S", max = "PT1H")
        Duration jwksRefetchInterval();

        /**
         * How long an instance keeps a client it read for authentication; a client deleted on another
         * instance may still authenticate here for this long (0 reads the client on every request).
         */
        @WithDefault("PT5S")
        @DurationRange(min = "PT0S", max = "PT5M")
        Duration clientCacheTtl();
    }

    /** The longest lifetime of any token a key signs: how long a superseded key stays published. */
    default Duration longestTokenLifetime() {
        Duration access = tokens().accessTokenLifetime();
        Duration id = tokens().idTokenLifetime();
        return access.compareTo(id) >= 0 ? access : id;
    }

    /** DPoP proofs (RFC 9449) at the token endpoint. */
    interface Dpop {
        /** The JWS algorithms accepted for DPoP proofs, advertised as dpop_signing_alg_values_supported. */
        @WithDefault("ES256,ES384,ES512,PS256,PS384,PS512,RS256,RS384,RS512")
        List<DpopAlgorithm> signingAlgValues();

        /** How long after its iat a DPoP proof is accepted, and its jti remembered against replay. */
        @WithDefault("PT1M")
        @DurationRange(min = "PT5S", max = "PT10M")
        Duration proofMaxAge();

        /** How far in the future a DPoP proof's iat may lie, for clients whose clocks run ahead. */
        @WithDefault("PT5S")
        @DurationRange(min = "PT0S", max = "PT5M")
        Duration clockSkew();

        /** Whether DPoP proofs (at the token endpoint and UserInfo) must carry a server-provided nonce. */
        @WithDefault("false")
        boolean nonceRequired();

        /** How long one server-provided nonce is current; a nonce is accepted for two such windows. */
        @WithDefault("PT1M")
        @DurationRange(min = "PT10S", max = "PT1H")
        Duration nonceWindow();
    }
}
