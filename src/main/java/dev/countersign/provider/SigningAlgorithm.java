package dev.countersign.provider;

import dev.countersign.common.BouncyCastle;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * The JWS algorithms (RFC 7518 §3.1) this provider signs with, the JDK key type behind each, the
 * hash OpenID Connect Core §3.3.2.11 uses for {@code at_hash}, and the JCA signature that makes the
 * JWS signature value itself.
 *
 * <p>ES256 signs through Bouncy Castle ({@link BouncyCastle}) with its {@code PLAIN-ECDSA} output,
 * which is exactly RFC 7518 §3.4's {@code R || S} (two 32-byte big-endian integers), so no DER
 * conversion is needed; its private keys are Bouncy Castle keys for the same reason of speed.
 */
public enum SigningAlgorithm {
    ES256("EC", "SHA-256", "SHA256withPLAIN-ECDSA", BouncyCastle.PROVIDER),
    RS256("RSA", "SHA-256", "SHA256withRSA", null);

    private static final int RSA_BITS = 2048;

    private final String keyType;
    private final String hashAlgorithm;
    private final String signatureAlgorithm;
    /** Null: the JDK's default provider. */
    private final Provider provider;

    SigningAlgorithm(String keyType, String hashAlgorithm, String signatureAlgorithm, Provider provider) {
        this.keyType = keyType;
        this.hashAlgorithm = hashAlgorithm;
        this.signatureAlgorithm = signatureAlgorithm;
        this.provider = provider;
    }

    /** The private key in its PKCS #8 encoding, as a key of this algorithm's signing provider. */
    public PrivateKey privateKey(byte[] pkcs8) throws GeneralSecurityException {
        KeyFactory factory =
                provider == null ? KeyFactory.getInstance(keyType) : KeyFactory.getInstance(keyType, provider);
        return factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    /**
     * The JWS Signature (RFC 7515 §5.1 step 5) of {@code signingInput}: for ES256 the 64-byte
     * {@code R || S} of RFC 7518 §3.4, for RS256 the RSASSA-PKCS1-v1_5 signature of §3.3.
     */
    public byte[] sign(PrivateKey key, byte[] signingInput) {
        try {
            Signature signature = provider == null
                    ? Signature.getInstance(signatureAlgorithm)
                    : Signature.getInstance(signatureAlgorithm, provider);
            signature.initSign(key);
            signature.update(signingInput);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + name() + ": " + e.getMessage(), e);
        }
    }

    /** The JCA key algorithm name ({@code EC} or {@code RSA}). */
    public String keyType() {
        return keyType;
    }

    /** The JCA digest whose left half makes {@code at_hash}. */
    public String hashAlgorithm() {
        return hashAlgorithm;
    }

    /** A fresh key pair: P-256 for ES256, 2048-bit RSA for RS256. */
    public KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
            if (this == ES256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(new RSAKeyGenParameterSpec(RSA_BITS, RSAKeyGenParameterSpec.F4));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot generate " + name() + " keys", e);
        }
    }
}
