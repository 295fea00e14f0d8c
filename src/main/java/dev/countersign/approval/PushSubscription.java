package dev.countersign.approval;

import dev.countersign.common.ProblemException;
import java.math.BigInteger;
import java.net.URI;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * A browser's push subscription (W3C Push API {@code PushSubscription.toJSON()}), checked: the push
 * service endpoint, the user agent's P-256 public key {@code p256dh} (65-byte uncompressed point,
 * on the curve: RFC 8291 §3.2) and its 16-byte {@code auth} secret (RFC 8291 §3.2).
 */
public record PushSubscription(URI endpoint, byte[] p256dh, byte[] auth) {
    public static final int AUTH_BYTES = 16;
    public static final int POINT_BYTES = 65;
    public static final ECParameterSpec P256 = p256();

    public PushSubscription {
        Objects.requireNonNull(endpoint);
        if (p256dh.length != POINT_BYTES || p256dh[0] != 0x04 || !onCurve(p256dh)) {
            throw ProblemException.badRequest("keys.p256dh must be an uncompressed P-256 public key");
        }
        if (auth.length != AUTH_BYTES) {
            throw ProblemException.badRequest("keys.auth must be " + AUTH_BYTES + " bytes");
        }
    }

    /** Decodes the base64url keys (padding tolerated) and checks them. */
    public static PushSubscription of(URI endpoint, String p256dh, String auth) {
        return new PushSubscription(endpoint, decode("keys.p256dh", p256dh), decode("keys.auth", auth));
    }

    public String p256dhText() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(p256dh);
    }

    public String authText() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(auth);
    }

    /** The push service's origin: the {@code aud} of the VAPID token (RFC 8292 §2). */
    public String origin() {
        int port = endpoint.getPort();
        String scheme = endpoint.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort =
                port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + endpoint.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static byte[] decode(String member, String text) {
        try {
            return Base64.getUrlDecoder().decode(text.replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(member + " must be base64url");
        }
    }

    /** SEC 1 §2.3.4: both coordinates below p and y² = x³ + ax + b (mod p). */
    private static boolean onCurve(byte[] point) {
        BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger a = P256.getCurve().getA();
        BigInteger b = P256.getCurve().getB();
        BigInteger left = y.modPow(BigInteger.TWO, p);
        BigInteger right = x.pow(3).add(a.multiply(x)).add(b).mod(p);
        return left.equals(right);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "PushSubscription[redacted]";
    }
}
