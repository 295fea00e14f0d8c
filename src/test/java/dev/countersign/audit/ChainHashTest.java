package dev.countersign.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ChainHashTest {
    private static final Instant AT = Instant.parse("2026-01-31T12:00:00.123456Z");
    private static final ChainHash.EventFields EVENT = new ChainHash.EventFields(
            "id-1", AT, "user.created", "success", "admin", null, "sub-1", "user:sub-1", Map.of("k", "v"));

    private static String hash(ChainHash.EventFields e) {
        return ChainHash.of(ChainHash.GENESIS, 1, e);
    }

    @Nested
    @DisplayName("Audit chain: SHA-256 over the previous hash and an unambiguous encoding of the event")
    class Encoding {
        @Test
        void isA43CharacterBase64urlSha256() {
            assertEquals(43, hash(EVENT).length());
            assertEquals(hash(EVENT), hash(EVENT));
        }

        @Test
        void dependsOnThePreviousHashAndThePosition() {
            assertNotEquals(hash(EVENT), ChainHash.of("B" + ChainHash.GENESIS.substring(1), 1, EVENT));
            assertNotEquals(hash(EVENT), ChainHash.of(ChainHash.GENESIS, 2, EVENT));
        }

        @Test
        void changesWhenAnyFieldChanges() {
            String base = hash(EVENT);
            assertNotEquals(base, hash(with(EVENT, "id-2", AT, "user.created", "success", "admin", null)));
            assertNotEquals(
                    base, hash(with(EVENT, "id-1", AT.plusNanos(1000), "user.created", "success", "admin", null)));
            assertNotEquals(base, hash(with(EVENT, "id-1", AT, "user.deleted", "success", "admin", null)));
            assertNotEquals(base, hash(with(EVENT, "id-1", AT, "user.created", "failure", "admin", null)));
            assertNotEquals(base, hash(with(EVENT, "id-1", AT, "user.created", "success", "system", null)));
            assertNotEquals(base, hash(with(EVENT, "id-1", AT, "user.created", "success", "admin", "c")));
            assertNotEquals(
                    base,
                    hash(new ChainHash.EventFields(
                            "id-1",
                            AT,
                            "user.created",
                            "success",
                            "admin",
                            null,
                            "sub-1",
                            "user:sub-1",
                            Map.of("k", "w"))));
        }

        @Test
        void neverConfusesMovedBoundariesBetweenFields() {
            ChainHash.EventFields a = new ChainHash.EventFields("i", AT, "t", "o", "ab", "c", null, null, Map.of());
            ChainHash.EventFields b = new ChainHash.EventFields("i", AT, "t", "o", "a", "bc", null, null, Map.of());
            assertNotEquals(hash(a), hash(b));
            ChainHash.EventFields c =
                    new ChainHash.EventFields("i", AT, "t", "o", null, null, null, null, Map.of("ab", "c"));
            ChainHash.EventFields d =
                    new ChainHash.EventFields("i", AT, "t", "o", null, null, null, null, Map.of("a", "bc"));
            assertNotEquals(hash(c), hash(d));
        }

        @Test
        void distinguishesAnAbsentValueFromAnEmptyOne() {
            ChainHash.EventFields absent =
                    new ChainHash.EventFields("i", AT, "t", "o", null, null, null, null, Map.of());
            ChainHash.EventFields empty = new ChainHash.EventFields("i", AT, "t", "o", "", null, null, null, Map.of());
            assertNotEquals(hash(absent), hash(empty));
        }

        @Test
        void ignoresTheOrderInWhichDetailWasBuilt() {
            Map<String, String> ab = new LinkedHashMap<>();
            ab.put("a", "1");
            ab.put("b", "2");
            Map<String, String> ba = new LinkedHashMap<>();
            ba.put("b", "2");
            ba.put("a", "1");
            assertEquals(
                    hash(new ChainHash.EventFields("i", AT, "t", "o", null, null, null, null, ab)),
                    hash(new ChainHash.EventFields("i", AT, "t", "o", null, null, null, null, ba)));
        }
    }

    private static ChainHash.EventFields with(
            ChainHash.EventFields e, String id, Instant at, String type, String outcome, String actor, String client) {
        return new ChainHash.EventFields(id, at, type, outcome, actor, client, e.userSub(), e.subject(), e.detail());
    }
}
