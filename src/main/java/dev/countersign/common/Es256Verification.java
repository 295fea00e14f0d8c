package dev.countersign.common;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.security.Signature;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.EcdsaUsingShaAlgorithm;

/**
 * jose4j's ES256 (RFC 7518 §3.4), verified with Bouncy Castle's P-256 arithmetic instead of the JDK
 * 17 one: 0.07 ms per verification against 0.82 ms on the benchmark machine ({@code
 * bench/EcSpeed.java}). An ES256
 * {@code private_key_jwt} assertion, DPoP proof or signed authentication request costs one per
 * request, and so does the demo target's token check (smallrye-jwt verifies through jose4j).
 *
 * <p>Installed once at start-up into jose4j's algorithm registry, in place of its own ES256. Only the
 * signature check itself changes: jose4j still checks the key (a P-256 public key, {@link
 * EcdsaUsingShaAlgorithm#validatePublicKey}) and the algorithm constraints before it is called. The
 * signature must be exactly 64 bytes, {@code R || S}; Bouncy Castle's {@code PLAIN-ECDSA} rejects an
 * {@code R} or {@code S} outside {@code [1, n-1]}.
 */
@ApplicationScoped
public class Es256Verification {
    private static final int SIGNATURE_BYTES = 64;

    void install(@Observes StartupEvent event) {
        install();
    }

    /** Replaces jose4j's ES256 with {@link Algorithm}; calling it again changes nothing. */
    public static void install() {
        AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory().registerAlgorithm(new Algorithm());
    }

    /** jose4j's ES256 with the signature check done by Bouncy Castle. */
    public static final class Algorithm extends EcdsaUsingShaAlgorithm {
        public Algorithm() {
            super(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, "SHA256withECDSA", "P-256", SIGNATURE_BYTES);
        }

        @Override
        public boolean verifySignature(
                byte[] signatureBytes, Key key, byte[] securedInputBytes, ProviderContext providerContext) {
            if (signatureBytes.length != SIGNATURE_BYTES || !(key instanceof PublicKey publicKey)) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance("SHA256withPLAIN-ECDSA", BouncyCastle.PROVIDER);
                verifier.initVerify(publicKey);
                verifier.update(securedInputBytes);
                return verifier.verify(signatureBytes);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }
    }
}
