package dev.countersign.provider;

import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.provider.store.SigningKeyEntity;
import dev.countersign.provider.store.SigningKeyRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The provider's signing keys (RFC 7517): generated on first start, stored with the private key
 * encrypted, rotated by the operator and published ahead of use by the rules of {@link
 * KeySchedule}. Each instance keeps the keys in memory and reloads them from the database on the
 * first use after each {@code countersign.keys.refresh-interval}, so instances sharing a database
 * converge. A stored key that cannot be decrypted fails start-up.
 */
@Singleton
public class SigningKeys {
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final ProviderConfig config;
    private final Clock clock;
    private final SigningKeyRepository repository;
    private final SigningKeyCodec codec;
    private final AuditLog audit;
    private volatile Snapshot snapshot;

    public SigningKeys(
            ProviderConfig config,
            Clock clock,
            SigningKeyRepository repository,
            SigningKeyCodec codec,
            AuditLog audit) {
        this.config = config;
        this.clock = clock;
        this.repository = repository;
        this.codec = codec;
        this.audit = audit;
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        checkIntervals(config.keys().publishBeforeUse(), config.keys().refreshInterval());
        QuarkusTransaction.requiringNew().run(this::createFirstKeyIfNone);
        snapshot = load(clock.instant());
        LOG.infof("Signing with key %s", current().kid());
    }

    /**
     * Rejects a refresh interval that would let an instance sign with a key before the others
     * publish it.
     */
    static void checkIntervals(Duration before, Duration refreshInterval) {
        if (!before.isZero() && refreshInterval.compareTo(before) >= 0) {
            throw new IllegalStateException("countersign.keys.refresh-interval (" + refreshInterval
                    + ") must be shorter than countersign.keys.publish-before-use (" + before
                    + "), or every instance but the rotating one could sign with a key it has not published");
        }
    }

    /** The key that signs now. */
    public SigningKey current() {
        SigningKey key = schedule()
                .signingKeyAt(clock.instant())
                .orElseThrow(() -> new IllegalStateException("No signing key has activated yet"));
        if (key.privateKey().isEmpty()) {
            throw new IllegalStateException("Signing key " + key.kid() + " was loaded without its private key");
        }
        return key;
    }

    /** The keys the JWKS lists now: the signing key, keys about to sign, and recently superseded ones. */
    public List<SigningKey> published() {
        return schedule().publishedAt(clock.instant());
    }

    /** Any stored key by {@code kid}, published or not, to verify a token this provider signed. */
    public Optional<SigningKey> find(String kid) {
        return schedule().keys().stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    /** Every stored key's state now, oldest activation first. */
    public List<SigningKeyState> states() {
        return schedule().statesAt(clock.instant());
    }

    /** The algorithms of the key that signs now and of keys about to sign. */
    public Set<SigningAlgorithm> algorithmsInUse() {
        return states().stream()
                .filter(s -> s.status() != KeyStatus.RETIRED)
                .map(SigningKeyState::alg)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * Creates a key that is published now and signs after {@code countersign.keys.publish-before-use}.
     */
    public SigningKeyState rotate(Optional<SigningAlgorithm> alg) {
        Instant now = now();
        SigningKeyEntity entity = codec.generate(
                alg.orElse(config.keys().algorithm()),
                now,
                now.plus(config.keys().publishBeforeUse()));
        QuarkusTransaction.requiringNew().run(() -> {
            repository.add(entity);
            audit.record(AuditEvent.success("key.rotated", "admin", null, null, "key:" + entity.kid)
                    .withDetail(Map.of("alg", entity.alg, "activates_at", entity.activatesAt.toString())));
        });
        LOG.infof("Rotated signing keys: %s (%s) signs from %s", entity.kid, entity.alg, entity.activatesAt);
        snapshot = load(now);
        return states().stream()
                .filter(s -> s.kid().equals(entity.kid))
                .findFirst()
                .orElseThrow();
    }

    private void createFirstKeyIfNone() {
        if (repository.none()) {
            Instant now = now();
            SigningKeyEntity first = codec.generate(config.keys().algorithm(), now, now);
            repository.add(first);
            LOG.infof("Generated the first signing key %s (%s)", first.kid, first.alg);
        }
    }

    private KeySchedule schedule() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (now.isBefore(current.loadedAt())
                || !now.isBefore(current.loadedAt().plus(config.keys().refreshInterval()))) {
            return refresh(now).schedule();
        }
        return current.schedule();
    }

    private synchronized Snapshot refresh(Instant now) {
        Snapshot current = snapshot;
        if (!now.isBefore(current.loadedAt())
                && now.isBefore(current.loadedAt().plus(config.keys().refreshInterval()))) {
            return current;
        }
        try {
            snapshot = load(now);
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "Could not reload signing keys; keeping the %d loaded ones",
                    current.schedule().keys().size());
            snapshot = new Snapshot(current.schedule(), now);
        }
        return snapshot;
    }

    /** Reads every key; decrypts only the private keys that may still sign. */
    private Snapshot load(Instant now) {
        List<SigningKeyEntity> rows = QuarkusTransaction.requiringNew().call(repository::all);
        Map<String, SigningKeyEntity> byKid = rows.stream().collect(Collectors.toMap(r -> r.kid, Function.identity()));
        KeySchedule publicOnly =
                new KeySchedule(rows.stream().map(codec::publicPart).toList(), config.longestTokenLifetime());
        List<SigningKey> keys = new ArrayList<>();
        for (SigningKey key : publicOnly.keys()) {
            keys.add(publicOnly.maySignAtOrAfter(key, now) ? codec.withPrivatePart(key, byKid.get(key.kid())) : key);
        }
        return new Snapshot(new KeySchedule(keys, config.longestTokenLifetime()), now);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private record Snapshot(KeySchedule schedule, Instant loadedAt) {}
}
