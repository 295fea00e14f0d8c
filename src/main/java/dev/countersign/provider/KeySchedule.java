package dev.countersign.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rotation rules over a set of stored keys (RFC 7517 key sets with overlap): the key that signs
 * at instant {@code t} is the newest with {@code activates_at <= t}; a key is published from its
 * creation, so verifiers learn it before it signs; a superseded key stays published until its
 * successor's activation plus the longest token lifetime, so every token it signed can be verified
 * until it expires.
 *
 * @param retention the longest lifetime of a token signed by any key
 */
public record KeySchedule(List<SigningKey> keys, Duration retention) {
    private static final Comparator<SigningKey> ACTIVATION_ORDER = Comparator.comparing(SigningKey::activatesAt)
            .thenComparing(SigningKey::createdAt)
            .thenComparing(SigningKey::kid);

    public KeySchedule {
        keys = keys.stream().sorted(ACTIVATION_ORDER).toList();
    }

    /** The key that signs at {@code t}, if any key has activated. */
    public Optional<SigningKey> signingKeyAt(Instant t) {
        SigningKey found = null;
        for (SigningKey key : keys) {
            if (!key.activatesAt().isAfter(t)) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    /** When the key leaves the JWKS: its successor's activation plus the retention. */
    public Optional<Instant> publishedUntil(SigningKey key) {
        int index = keys.indexOf(key);
        if (index < 0 || index == keys.size() - 1) {
            return Optional.empty();
        }
        return Optional.of(keys.get(index + 1).activatesAt().plus(retention));
    }

    /** The keys the JWKS lists at {@code t}, oldest activation first. */
    public List<SigningKey> publishedAt(Instant t) {
        List<SigningKey> published = new ArrayList<>();
        for (SigningKey key : keys) {
            if (publishedUntil(key).map(t::isBefore).orElse(true)) {
                published.add(key);
            }
        }
        return published;
    }

    /** Every key's state at {@code t}, oldest activation first. */
    public List<SigningKeyState> statesAt(Instant t) {
        Optional<SigningKey> signing = signingKeyAt(t);
        List<SigningKeyState> states = new ArrayList<>();
        for (SigningKey key : keys) {
            KeyStatus status = key.activatesAt().isAfter(t)
                    ? KeyStatus.NEXT
                    : signing.filter(key::equals).isPresent() ? KeyStatus.ACTIVE : KeyStatus.RETIRED;
            Optional<Instant> until = publishedUntil(key);
            boolean published = until.map(t::isBefore).orElse(true);
            states.add(new SigningKeyState(key.kid(), key.alg(), status, key.activatesAt(), until, published));
        }
        return states;
    }

    /** Whether the key may still be asked to sign at or after {@code t} (not superseded by then). */
    public boolean maySignAtOrAfter(SigningKey key, Instant t) {
        int index = keys.indexOf(key);
        return index == keys.size() - 1 || keys.get(index + 1).activatesAt().isAfter(t);
    }
}
