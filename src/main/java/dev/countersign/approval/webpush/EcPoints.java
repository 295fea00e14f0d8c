package dev.countersign.approval.webpush;

import dev.countersign.approval.PushSubscription;
import dev.countersign.common.BouncyCastle;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

/** P-256 public keys as uncompressed points (SEC 1 §2.3.3): {@code 0x04 || X || Y}, 65 bytes. */
final class EcPoints {
    private EcPoints() {}

    static byte[] encode(ECPublicKey key) {
        byte[] point = new byte[65];
        point[0] = 0x04;
        copy(key.getW().getAffineX(), point, 1);
        copy(key.getW().getAffineY(), point, 33);
        return point;
    }

    /** The key of a point already checked to be on the curve ({@link PushSubscription}). */
    static ECPublicKey decode(byte[] point) throws GeneralSecurityException {
        ECPoint w = new ECPoint(
                new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                .generatePublic(new ECPublicKeySpec(w, PushSubscription.P256));
    }

    private static void copy(BigInteger value, byte[] into, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, into, offset + 32 - length, length);
    }
}
