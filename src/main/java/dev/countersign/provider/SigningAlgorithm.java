package dev.countersign.provider;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/**
 * The JWS algorithms (RFC 7518 §3.1) this provider signs with, the JDK key type behind each and the
 * hash OpenID Connect Core §3.3.2.11 uses for {@code at_hash}.
 */
public enum SigningAlgorithm {
    ES256("EC", "SHA-256"),
    RS256("RSA", "SHA-256");

    private static final int RSA_BITS = 2048;

    private final String keyType;
    private final String hashAlgorithm;

    SigningAlgorithm(String keyType, String hashAlgorithm) {
        this.keyType = keyType;
        this.hashAlgorithm = hashAlgorithm;
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
