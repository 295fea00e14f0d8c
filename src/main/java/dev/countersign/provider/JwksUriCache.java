package dev.countersign.provider;

import dev.countersign.common.outbound.OutboundHttp;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * The key sets of clients that registered a {@code jwks_uri} (RFC 7591 §2), fetched through {@link
 * OutboundHttp} (whose URL policy refusals count as failures) and kept for the answer's {@code Cache-Control: max-age} (RFC 9111 §5.2.2.1) within
 * the configured bounds. A JWT naming a {@code kid} the cached set lacks triggers a refetch (the
 * client rotated its keys), at most once per {@code jwks-refetch-interval} per URL, so that forged
 * {@code kid}s cannot make this service hammer the client's server. Failed fetches are rate limited
 * the same way.
 */
@ApplicationScoped
public class JwksUriCache {
    private static final Logger LOG = Logger.getLogger(JwksUriCache.class);
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})\"?");

    private final OutboundHttp http;
    private final ProviderConfig.ClientAuth config;
    private final Clock clock;
    private final ConcurrentHashMap<URI, Entry> entries = new ConcurrentHashMap<>();

    public JwksUriCache(OutboundHttp http, ProviderConfig config, Clock clock) {
        this.http = http;
        this.config = config.clientAuth();
        this.clock = clock;
    }

    /** Thrown when the key set cannot be fetched (unreachable, refused by policy, not a JWK Set). */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    /** The keys at the URL, refetched when stale or (rate limited) when {@code kid} is not among them. */
    public List<JsonWebKey> keys(URI uri, Optional<String> kid) {
        Entry entry = entries.computeIfAbsent(uri, u -> new Entry());
        synchronized (entry) {
            Instant now = clock.instant();
            boolean stale = entry.keys == null || !now.isBefore(entry.freshUntil);
            boolean unknownKid = kid.isPresent()
                    && entry.keys != null
                    && entry.keys.stream().noneMatch(k -> kid.get().equals(k.getKeyId()));
            boolean mayFetch =
                    entry.lastAttempt == null || !now.isBefore(entry.lastAttempt.plus(config.jwksRefetchInterval()));
            if ((stale || unknownKid) && mayFetch) {
                fetch(uri, entry, now);
            }
            if (entry.keys == null) {
                throw new Unavailable("the client's jwks_uri could not be fetched");
            }
            return entry.keys;
        }
    }

    private void fetch(URI uri, Entry entry, Instant now) {
        entry.lastAttempt = now;
        try {
            HttpResponse<InputStream> response = http.send(
                    http.request(uri)
                            .GET()
                            .header("Accept", "application/jwk-set+json, application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("answered HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    throw new IOException("answered more than " + MAX_BODY_BYTES + " bytes");
                }
                entry.keys = List.copyOf(new JsonWebKeySet(new String(bytes, StandardCharsets.UTF_8)).getJsonWebKeys());
                entry.freshUntil = now.plus(ttl(response.headers().firstValue("Cache-Control")));
            }
        } catch (IOException | JoseException | RuntimeException e) {
            // Keep a previously fetched set until it goes stale; the failure is rate limited above.
            LOG.warnf("Fetching the jwks_uri of host %s failed: %s", uri.getHost(), e.getMessage());
            if (entry.keys != null && !now.isBefore(entry.freshUntil)) {
                entry.keys = null;
            }
        }
    }

    /** max-age within [min, max]; the default when absent; the minimum for no-store or no-cache. */
    Duration ttl(Optional<String> cacheControl) {
        Duration ttl = config.jwksCacheTtl();
        if (cacheControl.isPresent()) {
            String value = cacheControl.get().toLowerCase(java.util.Locale.ROOT);
            Matcher maxAge = MAX_AGE.matcher(value);
            if (value.contains("no-store") || value.contains("no-cache")) {
                ttl = Duration.ZERO;
            } else if (maxAge.find()) {
                ttl = Duration.ofSeconds(Long.parseLong(maxAge.group(1)));
            }
        }
        if (ttl.compareTo(config.jwksCacheMinTtl()) < 0) {
            return config.jwksCacheMinTtl();
        }
        return ttl.compareTo(config.jwksCacheMaxTtl()) > 0 ? config.jwksCacheMaxTtl() : ttl;
    }

    private static final class Entry {
        List<JsonWebKey> keys;
        Instant freshUntil = Instant.MIN;
        Instant lastAttempt;
    }
}
