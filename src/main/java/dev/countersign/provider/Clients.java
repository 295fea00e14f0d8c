package dev.countersign.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.countersign.common.RandomTokens;
import dev.countersign.common.SecretHasher;
import dev.countersign.provider.store.ClientEntity;
import dev.countersign.provider.store.ClientRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The registered OAuth clients (agents), RFC 7591. A client's secret is generated here with 256
 * bits of randomness, shown once and stored only as its {@link SecretHasher} hash.
 */
@Singleton
public class Clients {
    static final int CLIENT_ID_BYTES = 16;
    static final int SECRET_BYTES = 32;
    /** 512 bits: a key as long as the HS512 output (RFC 7518 §3.2), so every HMAC algorithm may be used. */
    static final int JWT_SECRET_BYTES = 64;

    static final int MAX_CLIENT_ID = 64;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final ClientRepository repository;
    private final SecretHasher hasher;
    private final Clock clock;
    private final ObjectMapper json;
    private final ClientSecretCipher secretCipher;
    private final Event<ClientDeleted> deleted;
    private final ClientCache cache;

    public Clients(
            ClientRepository repository,
            SecretHasher hasher,
            Clock clock,
            ObjectMapper json,
            ClientSecretCipher secretCipher,
            Event<ClientDeleted> deleted,
            ProviderConfig config) {
        this.deleted = deleted;
        this.cache = new ClientCache(config.clientAuth().clientCacheTtl(), clock);
        this.repository = repository;
        this.hasher = hasher;
        this.clock = clock;
        this.json = json;
        this.secretCipher = secretCipher;
    }

    /**
     * Stores a validated registration with a fresh client id and, unless the client authenticates
     * with its private key, a fresh secret.
     */
    @Transactional
    public RegisteredClient register(ClientRegistration registration) {
        ClientEntity entity = new ClientEntity();
        entity.clientId = RandomTokens.of(CLIENT_ID_BYTES);
        String secret = secret(registration.authMethod(), entity);
        entity.clientName = registration.clientName();
        entity.tokenEndpointAuthMethod = registration.authMethod().wire();
        entity.grantTypes = String.join(" ", registration.grantTypes());
        entity.scope = String.join(" ", registration.scopes());
        entity.deliveryMode = registration.deliveryMode().wire();
        entity.notificationEndpoint =
                registration.notificationEndpoint().map(URI::toString).orElse(null);
        entity.jwks = registration.jwks().orElse(null);
        entity.jwksUri = registration.jwksUri().map(URI::toString).orElse(null);
        entity.authorizationDetailsTypes = toJson(registration.authorizationDetailsTypes());
        entity.tokenEndpointAuthSigningAlg =
                registration.signing().tokenEndpointAuth().map(Enum::name).orElse(null);
        entity.requestSigningAlg =
                registration.signing().backchannelRequest().map(Enum::name).orElse(null);
        entity.createdAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        entity.resources = registration.resources().isEmpty() ? null : String.join(" ", registration.resources());
        entity.dpopBoundAccessTokens = registration.dpopBoundAccessTokens();
        entity.numberMatching = registration.numberMatching();
        repository.add(entity);
        return new RegisteredClient(toClient(entity), secret);
    }

    /** A private_key_jwt client has no secret; a client_secret_jwt one keeps it sealed (ADR 0004). */
    private String secret(TokenEndpointAuthMethod method, ClientEntity entity) {
        if (method == TokenEndpointAuthMethod.PRIVATE_KEY_JWT) {
            return null;
        }
        boolean jwt = method == TokenEndpointAuthMethod.CLIENT_SECRET_JWT;
        String secret = RandomTokens.of(jwt ? JWT_SECRET_BYTES : SECRET_BYTES);
        entity.secretHash = hasher.hash(secret);
        entity.secretEncrypted = jwt ? secretCipher.encrypt(entity.clientId, secret) : null;
        return secret;
    }

    @Transactional
    public Optional<Client> find(String clientId) {
        if (!plausibleId(clientId)) {
            return Optional.empty();
        }
        return repository.byClientId(clientId).map(this::toClient);
    }

    /** Deletes the client and tells the other features ({@link ClientDeleted}); returns whether it existed. */
    @Transactional
    public boolean delete(String clientId) {
        boolean deleted = clientId != null && clientId.length() <= MAX_CLIENT_ID && repository.remove(clientId);
        if (deleted) {
            cache.forget(clientId);
            this.deleted.fire(new ClientDeleted(clientId));
        }
        return deleted;
    }

    /**
     * After the deletion committed (or not): a request that read the client between the deletion's
     * start and its commit may have cached it again.
     */
    void forgetDeleted(@Observes(during = TransactionPhase.AFTER_COMPLETION) ClientDeleted deleted) {
        cache.forget(deleted.clientId());
    }

    /**
     * The client and what verifies its credentials, for client authentication only: from this
     * instance's {@link ClientCache}, else read in the caller's transaction (or a new one).
     */
    Optional<StoredClient> stored(String clientId) {
        if (!plausibleId(clientId)) {
            return Optional.empty();
        }
        return cache.get(
                clientId,
                id -> QuarkusTransaction.joiningExisting()
                        .call(() -> repository
                                .byClientId(id)
                                .map(e -> new StoredClient(toClient(e), e.secretHash, e.secretEncrypted))));
    }

    private static boolean plausibleId(String clientId) {
        return clientId != null && !clientId.isEmpty() && clientId.length() <= MAX_CLIENT_ID;
    }

    Client toClient(ClientEntity e) {
        return new Client(
                e.clientId,
                e.clientName,
                TokenEndpointAuthMethod.fromWire(e.tokenEndpointAuthMethod).orElseThrow(),
                words(e.grantTypes),
                words(e.scope),
                TokenDeliveryMode.fromWire(e.deliveryMode).orElseThrow(),
                Optional.ofNullable(e.notificationEndpoint).map(URI::create),
                Optional.ofNullable(e.jwks),
                Optional.ofNullable(e.jwksUri).map(URI::create),
                fromJson(e.authorizationDetailsTypes),
                new ClientSigning(
                        Optional.ofNullable(e.tokenEndpointAuthSigningAlg).flatMap(JwsAlgorithm::fromWire),
                        Optional.ofNullable(e.requestSigningAlg).flatMap(JwsAlgorithm::fromWire)),
                e.createdAt,
                e.resources == null ? Set.of() : words(e.resources),
                e.dpopBoundAccessTokens,
                e.numberMatching);
    }

    private static Set<String> words(String spaceSeparated) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(spaceSeparated.split(" "))));
    }

    private String toJson(Set<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a list of strings as JSON", e);
        }
    }

    private Set<String> fromJson(String array) {
        try {
            return Collections.unmodifiableSet(new LinkedHashSet<>(json.readValue(array, STRINGS)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored authorization_details_types is not a JSON array", e);
        }
    }
}
