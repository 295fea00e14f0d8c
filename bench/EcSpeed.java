import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.KeyAgreement;

/**
 * The P-256 operations the service does per request, timed on the JDK's provider and on Bouncy
 * Castle's (as the service uses it: keys read through Bouncy Castle's key factory): an ES256
 * signature, an ES256 verification, and Web Push's fresh key plus ECDH agreement. Prints the mean of
 * the last of five rounds. Never part of the test suite.
 *
 *   java -cp ~/.m2/repository/org/bouncycastle/bcprov-jdk18on/1.87/bcprov-jdk18on-1.87.jar bench/EcSpeed.java
 */
public class EcSpeed {
    private static final int ROUNDS = 5;
    private static final int PER_ROUND = 2000;

    interface Operation {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair jdk = generator.generateKeyPair();
        PrivateKey bcPrivate =
                KeyFactory.getInstance("EC", bc).generatePrivate(new PKCS8EncodedKeySpec(jdk.getPrivate().getEncoded()));
        PublicKey bcPublic =
                KeyFactory.getInstance("EC", bc).generatePublic(new X509EncodedKeySpec(jdk.getPublic().getEncoded()));
        byte[] input = new byte[600];
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(jdk.getPrivate());
        signer.update(input);
        byte[] signature = signer.sign();

        time("ES256 sign, JDK", () -> sign(Signature.getInstance("SHA256withECDSAinP1363Format"), jdk.getPrivate(), input));
        time("ES256 sign, Bouncy Castle", () -> sign(Signature.getInstance("SHA256withPLAIN-ECDSA", bc), bcPrivate, input));
        time("ES256 verify, JDK", () -> verify(Signature.getInstance("SHA256withECDSAinP1363Format"), jdk.getPublic(), input, signature));
        time("ES256 verify, Bouncy Castle", () -> verify(Signature.getInstance("SHA256withPLAIN-ECDSA", bc), bcPublic, input, signature));
        time("Web Push key + ECDH, JDK", () -> agree(KeyPairGenerator.getInstance("EC"), KeyAgreement.getInstance("ECDH"), jdk.getPublic()));
        time("Web Push key + ECDH, Bouncy Castle", () -> agree(KeyPairGenerator.getInstance("EC", bc), KeyAgreement.getInstance("ECDH", bc), bcPublic));
    }

    static void sign(Signature s, PrivateKey key, byte[] input) throws Exception {
        s.initSign(key);
        s.update(input);
        s.sign();
    }

    static void verify(Signature s, PublicKey key, byte[] input, byte[] signature) throws Exception {
        s.initVerify(key);
        s.update(input);
        if (!s.verify(signature)) {
            throw new IllegalStateException("the signature did not verify");
        }
    }

    static void agree(KeyPairGenerator generator, KeyAgreement agreement, PublicKey peer) throws Exception {
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        agreement.init(generator.generateKeyPair().getPrivate());
        agreement.doPhase(peer, true);
        agreement.generateSecret();
    }

    static void time(String what, Operation operation) throws Exception {
        double mean = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long started = System.nanoTime();
            for (int i = 0; i < PER_ROUND; i++) {
                operation.run();
            }
            mean = (System.nanoTime() - started) / 1e6 / PER_ROUND;
        }
        System.out.printf("%-36s %.3f ms%n", what, mean);
    }
}
