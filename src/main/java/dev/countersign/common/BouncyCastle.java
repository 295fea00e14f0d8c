package dev.countersign.common;

import java.security.Provider;
import java.util.List;
import java.util.Map;

/**
 * One JCA provider of Bouncy Castle's elliptic-curve services, passed to the JCA factories by
 * reference (never registered in {@link java.security.Security}, so no JDK default changes). It is
 * here for speed: Bouncy Castle's P-256 arithmetic signs ES256 about six times faster than the JDK 17
 * one (0.07 ms against 0.45 ms per signature on the benchmark machine, {@code bench/EcSpeed.java}),
 * and every token response carries two signatures; Web Push encryption uses it for its ephemeral key
 * and ECDH agreement for the same reason.
 *
 * <p>It offers only the four services this service uses, each backed by Bouncy Castle's own
 * implementation class: the full {@code BouncyCastleProvider} registers several thousand algorithms
 * when it is built, loading hundreds of classes, which took about a tenth of the main thread's
 * start-up (ADR 0008, docs/performance.md).
 */
public final class BouncyCastle {
    private static final String EC = "org.bouncycastle.jcajce.provider.asymmetric.ec.";

    /** The provider: {@code KeyFactory} and {@code KeyPairGenerator} {@code EC}, {@code KeyAgreement}
     * {@code ECDH}, and {@code Signature} {@code SHA256withPLAIN-ECDSA} (RFC 7518 §3.4's {@code R || S}). */
    public static final Provider PROVIDER = new EllipticCurves();

    private BouncyCastle() {}

    private static final class EllipticCurves extends Provider {
        private static final long serialVersionUID = 1L;

        EllipticCurves() {
            super("Countersign-BC-EC", "1.0", "Bouncy Castle's elliptic-curve key, agreement and ES256 services");
            Map<String, String> services = Map.of(
                    "KeyFactory/EC", EC + "KeyFactorySpi$EC",
                    "KeyPairGenerator/EC", EC + "KeyPairGeneratorSpi$EC",
                    "KeyAgreement/ECDH", EC + "KeyAgreementSpi$DH",
                    "Signature/SHA256withPLAIN-ECDSA", EC + "SignatureSpi$ecCVCDSA256");
            services.forEach((service, className) -> {
                String[] typeAndAlgorithm = service.split("/", 2);
                putService(new Service(this, typeAndAlgorithm[0], typeAndAlgorithm[1], className, List.of(), null));
            });
        }
    }
}
