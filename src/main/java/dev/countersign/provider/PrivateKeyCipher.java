package dev.countersign.provider;

import dev.countersign.common.MasterKey;
import dev.countersign.common.SecretBox;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts signing keys at rest: the PKCS#8 encoding sealed in a {@link SecretBox} (AES-256-GCM)
 * under a key derived from the master key for this purpose only, with the {@code kid} as associated
 * data, so a stored key cannot be moved to another row unnoticed.
 */
@Singleton
public class PrivateKeyCipher {
    private final SecretBox box;

    @Inject
    public PrivateKeyCipher(MasterKey masterKey) {
        this(masterKey.derive("key-encryption"));
    }

    PrivateKeyCipher(SecretKeySpec key) {
        this.box = new SecretBox(key);
    }

    public String encrypt(String kid, PrivateKey privateKey) {
        return box.seal(privateKey.getEncoded(), kid);
    }

    /**
     * The private key stored for {@code kid}.
     *
     * @throws UndecryptableKeyException when it was encrypted under another master key or altered
     */
    public PrivateKey decrypt(String kid, SigningAlgorithm alg, String stored) {
        byte[] pkcs8;
        try {
            pkcs8 = box.open(stored, kid);
        } catch (SecretBox.UnopenableException e) {
            throw new UndecryptableKeyException(kid, e.getMessage());
        }
        try {
            return alg.privateKey(pkcs8);
        } catch (GeneralSecurityException e) {
            throw new UndecryptableKeyException(kid, "it is not a valid " + alg + " private key");
        }
    }

    /** A stored signing key that cannot be decrypted; the message says what to check. */
    public static final class UndecryptableKeyException extends IllegalStateException {
        UndecryptableKeyException(String kid, String reason) {
            super("Signing key " + kid + " cannot be decrypted: " + reason
                    + ". Start with the master key this database was created with"
                    + " (countersign.master-key or <data-dir>/master.key).");
        }
    }
}
