package dev.countersign.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The link of the audit hash chain: {@code hash = base64url(SHA-256(encoding))}, where the encoding
 * is a version label followed by the previous hash and every field of the event, each written with
 * its length (or a null marker) so that no two different events encode to the same bytes. The
 * detail map is written sorted by key.
 */
final class ChainHash {
    /** The previous hash of the first event: 32 zero bytes, base64url. */
    static final String GENESIS = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private static final byte[] LABEL = "countersign-audit-chain/v1".getBytes(StandardCharsets.US_ASCII);

    private ChainHash() {}

    static String of(String prevHash, long seq, EventFields event) {
        Encoder out = new Encoder();
        out.raw(LABEL);
        out.string(prevHash);
        out.number(seq);
        out.string(event.id());
        out.number(event.occurredAt().getEpochSecond());
        out.number(event.occurredAt().getNano());
        out.string(event.type());
        out.string(event.outcome());
        out.string(event.actor());
        out.string(event.clientId());
        out.string(event.userSub());
        out.string(event.subject());
        Map<String, String> sorted = new TreeMap<>(event.detail());
        out.number(sorted.size());
        sorted.forEach((k, v) -> {
            out.string(k);
            out.string(v);
        });
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(out.bytes()));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The fields of an event that the hash covers, besides its place in the chain. */
    record EventFields(
            String id,
            Instant occurredAt,
            String type,
            String outcome,
            String actor,
            String clientId,
            String userSub,
            String subject,
            Map<String, String> detail) {}

    private static final class Encoder {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

        void raw(byte[] bytes) {
            buffer.writeBytes(bytes);
        }

        void number(long value) {
            buffer.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
        }

        void string(String value) {
            if (value == null) {
                buffer.write(0);
                return;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            buffer.write(1);
            buffer.writeBytes(
                    ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            buffer.writeBytes(bytes);
        }

        byte[] bytes() {
            return buffer.toByteArray();
        }
    }
}
