package dev.countersign.provider;

import dev.countersign.common.MasterKey;
import dev.countersign.common.SecretBox;
import jakarta.inject.Singleton;

/**
 * Keeps the secret of a {@code client_secret_jwt} client readable, which checking its HMAC needs
 * (OIDC Core §9): sealed with AES-256-GCM under a key derived from the master key for this purpose
 * only, the {@code client_id} as associated data. Every other secret is only hashed (ADR 0002, ADR
 * 0004).
 */
@Singleton
public class ClientSecretCipher {
    private final SecretBox box;

    public ClientSecretCipher(MasterKey masterKey) {
        this.box = SecretBox.forPurpose(masterKey, "client-secret-encryption");
    }

    public String encrypt(String clientId, String secret) {
        return box.seal(secret, clientId);
    }

    /** The secret; throws {@link SecretBox.UnopenableException} when the row was altered or the master key differs. */
    public byte[] decrypt(String clientId, String sealed) {
        return box.open(sealed, clientId);
    }
}
