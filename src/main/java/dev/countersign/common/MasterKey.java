package dev.countersign.common;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * The service's master key and the purpose-bound keys derived from it (HMAC-SHA-256 of a label, so
 * one key never serves two purposes). Loaded from {@code countersign.master-key} or from a file
 * generated on first start.
 */
@Singleton
public class MasterKey {
    private static final Logger LOG = Logger.getLogger(MasterKey.class);
    private static final int KEY_BYTES = 32;

    private final byte[] key;

    public MasterKey(ServiceConfig config) {
        this.key = load(config.masterKey(), config.dataDir());
    }

    /** The key given as base64, or else the one in {@code <dataDir>/master.key}, created if missing. */
    static byte[] load(java.util.Optional<String> base64, Path dataDir) {
        return base64.map(MasterKey::decode).orElseGet(() -> loadOrCreate(dataDir));
    }

    /** A 256-bit key for one purpose, e.g. {@code "secret-hash"} or {@code "key-encryption"}. */
    public SecretKeySpec derive(String purpose) {
        return derive(key, purpose);
    }

    static SecretKeySpec derive(byte[] key, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] derived = mac.doFinal(("countersign/" + purpose + "/v1").getBytes(StandardCharsets.UTF_8));
            return new SecretKeySpec(derived, "RAW");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    private static byte[] decode(String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("countersign.master-key is not valid base64");
        }
        if (decoded.length != KEY_BYTES) {
            throw new IllegalStateException("countersign.master-key must be 32 bytes (44 base64 characters)");
        }
        return decoded;
    }

    private static synchronized byte[] loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve("master.key");
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file));
            }
            Files.createDirectories(dataDir);
            byte[] fresh = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(fresh);
            Path tmp = dataDir.resolve("master.key.tmp");
            Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh));
            restrictToOwner(tmp);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            LOG.infof("Generated a new master key in %s; back it up: without it stored keys are unreadable", file);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master key file " + file, e);
        }
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.warnf("Could not restrict permissions of %s", file);
        }
    }
}
