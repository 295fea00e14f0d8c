package dev.countersign.provider;

import dev.countersign.provider.store.SigningKeyEntity;
import jakarta.inject.Singleton;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

/**
 * Turns generated key pairs into stored rows and stored rows back into {@link SigningKey}s. The
 * {@code kid} is the key's RFC 7638 JWK thumbprint (SHA-256), so it names the key and nothing else.
 */
@Singleton
public class SigningKeyCodec {
    private final PrivateKeyCipher cipher;

    public SigningKeyCodec(PrivateKeyCipher cipher) {
        this.cipher = cipher;
    }

    /** A new key pair as a row to store: public JWK in clear, private key encrypted. */
    public SigningKeyEntity generate(SigningAlgorithm alg, Instant createdAt, Instant activatesAt) {
        KeyPair pair = alg.generateKeyPair();
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            String kid = jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
            jwk.setKeyId(kid);
            jwk.setAlgorithm(alg.name());
            jwk.setUse("sig");
            SigningKeyEntity entity = new SigningKeyEntity();
            entity.kid = kid;
            entity.alg = alg.name();
            entity.publicJwk = jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            entity.privateKeyEncrypted = cipher.encrypt(kid, pair.getPrivate());
            entity.createdAt = createdAt;
            entity.activatesAt = activatesAt;
            return entity;
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot express a generated " + alg + " key as a JWK", e);
        }
    }

    /** The stored key with its public part only. */
    public SigningKey publicPart(SigningKeyEntity entity) {
        SigningAlgorithm alg = SigningAlgorithm.valueOf(entity.alg);
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(entity.publicJwk);
            return new SigningKey(
                    entity.kid,
                    alg,
                    entity.publicJwk,
                    jwk.getPublicKey(),
                    Optional.empty(),
                    entity.createdAt,
                    entity.activatesAt);
        } catch (JoseException e) {
            throw new IllegalStateException("The stored public JWK of signing key " + entity.kid + " is invalid", e);
        }
    }

    /** The stored key with its private key decrypted. */
    public SigningKey withPrivatePart(SigningKey key, SigningKeyEntity entity) {
        PrivateKey privateKey = cipher.decrypt(entity.kid, key.alg(), entity.privateKeyEncrypted);
        return new SigningKey(
                key.kid(),
                key.alg(),
                key.publicJwk(),
                key.publicKey(),
                Optional.of(privateKey),
                key.createdAt(),
                key.activatesAt());
    }
}
