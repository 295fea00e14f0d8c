package dev.countersign.approval.webpush;

import dev.countersign.approval.PushSubscription;
import dev.countersign.approval.store.WebPushKeyEntity;
import dev.countersign.approval.store.WebPushKeyRepository;
import dev.countersign.common.MasterKey;
import dev.countersign.common.SecretBox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * The service's VAPID key pair (RFC 8292 §3): an ES256 (P-256) key generated on the first start
 * and stored in the database, the private key sealed under the master key, so that every instance
 * signs with the same key the browsers subscribed with. Creation is race-safe: the row has a fixed
 * primary key, so when two instances start together one insert fails and that instance reads the
 * winner's key. Rotating the key invalidates every subscription (browsers must subscribe again).
 */
@ApplicationScoped
public class VapidKeys {
    private static final Logger LOG = Logger.getLogger(VapidKeys.class);
    private static final String ROW = "vapid";

    private final WebPushKeyRepository repository;
    private final SecretBox box;
    private final Clock clock;
    private volatile Loaded loaded;

    VapidKeys(WebPushKeyRepository repository, MasterKey masterKey, Clock clock) {
        this.repository = repository;
        this.box = SecretBox.forPurpose(masterKey, "webpush-vapid-key");
        this.clock = clock;
    }

    /** A loaded key pair and its public key as the browser wants it (base64url, 65 bytes). */
    record Loaded(ECPublicKey publicKey, ECPrivateKey privateKey, String publicText) {}

    void onStart(@Observes StartupEvent event) {
        keys();
    }

    /** The {@code applicationServerKey}: the uncompressed public point, base64url without padding. */
    public String publicKey() {
        return keys().publicText();
    }

    Loaded keys() {
        Loaded current = loaded;
        if (current == null) {
            synchronized (this) {
                if (loaded == null) {
                    loaded = loadOrCreate(ROW);
                }
                current = loaded;
            }
        }
        return current;
    }

    /** Reads the key pair stored under {@code id}, creating it first if no instance has yet. */
    Loaded loadOrCreate(String id) {
        WebPushKeyEntity row = QuarkusTransaction.requiringNew().call(() -> repository.findById(id));
        if (row == null) {
            try {
                QuarkusTransaction.requiringNew().run(() -> repository.persistAndFlush(generate(id)));
                LOG.info("Generated the VAPID key pair for Web Push");
            } catch (RuntimeException e) {
                LOG.debugf("Another instance stored the VAPID key first: %s", e.toString());
            }
            row = QuarkusTransaction.requiringNew().call(() -> repository.findById(id));
            if (row == null) {
                throw new IllegalStateException("the VAPID key could not be stored");
            }
        }
        return open(row);
    }

    private WebPushKeyEntity generate(String id) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(PushSubscription.P256);
            KeyPair pair = generator.generateKeyPair();
            WebPushKeyEntity row = new WebPushKeyEntity();
            row.id = id;
            row.publicKey = text(EcPoints.encode((ECPublicKey) pair.getPublic()));
            row.privateKey = box.seal(pair.getPrivate().getEncoded(), id);
            row.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            return row;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 key generation is not available", e);
        }
    }

    private Loaded open(WebPushKeyEntity row) {
        try {
            ECPrivateKey privateKey = (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(box.open(row.privateKey, row.id)));
            ECPublicKey publicKey = EcPoints.decode(Base64.getUrlDecoder().decode(row.publicKey));
            return new Loaded(publicKey, privateKey, row.publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored VAPID key cannot be read", e);
        }
    }

    private static String text(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
