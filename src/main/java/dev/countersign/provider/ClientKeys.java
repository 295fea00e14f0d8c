package dev.countersign.provider;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.Key;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The public keys that may verify a JWT a client signed with an asymmetric algorithm: from its
 * registered {@code jwks}, or its {@code jwks_uri} through {@link JwksUriCache}. Only keys whose type
 * (and curve) fit the algorithm, meant for signatures ({@code use} absent or {@code sig}), and whose
 * {@code alg} (if any) is this algorithm are candidates; when the JWS header names a {@code kid}, only
 * the key with that id is. Only the public part of a key is ever used.
 */
@ApplicationScoped
public class ClientKeys {
    /** Parsed registered key sets by their JSON text: an edited jwks is a new entry. */
    private static final int MAX_PARSED = 1000;

    private final JwksUriCache remote;
    private final ConcurrentHashMap<String, List<JsonWebKey>> parsed = new ConcurrentHashMap<>();

    public ClientKeys(JwksUriCache remote) {
        this.remote = remote;
    }

    /**
     * The candidate verification keys, possibly none.
     *
     * @throws JwksUriCache.Unavailable when the client's jwks_uri cannot be fetched
     */
    public List<Key> candidates(Client client, JwsAlgorithm alg, Optional<String> kid) {
        return registered(client, kid).stream()
                .filter(k -> kid.isEmpty() || kid.get().equals(k.getKeyId()))
                .filter(k -> fits(k, alg))
                .map(k -> (Key) ((PublicJsonWebKey) k).getPublicKey())
                .toList();
    }

    private List<JsonWebKey> registered(Client client, Optional<String> kid) {
        if (client.jwks().isPresent()) {
            if (parsed.size() > MAX_PARSED) {
                parsed.clear();
            }
            return parsed.computeIfAbsent(client.jwks().get(), ClientKeys::parse);
        }
        return client.jwksUri().map(uri -> remote.keys(uri, kid)).orElse(List.of());
    }

    private static List<JsonWebKey> parse(String jwks) {
        try {
            return List.copyOf(new JsonWebKeySet(jwks).getJsonWebKeys());
        } catch (JoseException e) {
            return List.of();
        }
    }

    private static boolean fits(JsonWebKey key, JwsAlgorithm alg) {
        if (!(key instanceof PublicJsonWebKey) || !alg.keyType().equals(key.getKeyType())) {
            return false;
        }
        if (key.getUse() != null && !"sig".equals(key.getUse())) {
            return false;
        }
        if (key.getAlgorithm() != null && !alg.name().equals(key.getAlgorithm())) {
            return false;
        }
        return alg.curve()
                .map(crv -> key instanceof EllipticCurveJsonWebKey ec && crv.equals(ec.getCurveName()))
                .orElse(true);
    }
}
