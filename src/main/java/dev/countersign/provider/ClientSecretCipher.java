package dev.countersign.provider;

import dev.countersign.common.AesGcmSeal;
import dev.countersign.common.MasterKey;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the secret of a {@code client_secret_jwt} client readable, which checking its HMAC needs
 * (OIDC Core §9): sealed with AES-256-GCM under a key derived from the master key for this purpose
 * only, the {@code client_id} as associated data. Every other secret is only hashed (ADR 0002, ADR
 * 0004).
 */
@Singleton
public class ClientSecretCipher {
    private final AesGcmSeal seal;

    public ClientSecretCipher(MasterKey masterKey) {
        this.seal = new AesGcmSeal(masterKey.derive("client-secret-encryption").getEncoded());
    }

    public String encrypt(String clientId, String secret) {
        return seal.seal(secret.getBytes(StandardCharsets.UTF_8), clientId);
    }

    /** The secret; throws {@link AesGcmSeal.Unreadable} when the row was altered or the master key differs. */
    public byte[] decrypt(String clientId, String sealed) {
        return seal.open(sealed, clientId);
    }
}
