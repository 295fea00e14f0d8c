package dev.countersign.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The clients this instance read for authentication, each kept for {@code
 * countersign.client-auth.client-cache-ttl}, so that a request does not read the client's row and
 * parse its metadata again. Clients never change after registration, only their deletion matters:
 * a deletion on this instance drops the entry at once ({@link Clients#delete}, before and after its
 * commit); a deletion on another instance sharing the database is seen here when the entry expires.
 * Unknown client ids are not kept. At most {@link #MAX_ENTRIES} entries: when full, it starts over.
 */
final class ClientCache {
    static final int MAX_ENTRIES = 10_000;

    private record Entry(StoredClient client, Instant expiresAt) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    ClientCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The cached client, or the loader's answer (kept when present and the TTL is not 0). */
    Optional<StoredClient> get(String clientId, Function<String, Optional<StoredClient>> loader) {
        Instant now = clock.instant();
        Entry entry = entries.get(clientId);
        if (entry != null && now.isBefore(entry.expiresAt())) {
            return Optional.of(entry.client());
        }
        Optional<StoredClient> loaded = loader.apply(clientId);
        if (loaded.isPresent() && !ttl.isZero()) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(clientId, new Entry(loaded.get(), now.plus(ttl)));
        } else {
            entries.remove(clientId);
        }
        return loaded;
    }

    void forget(String clientId) {
        entries.remove(clientId);
    }
}
