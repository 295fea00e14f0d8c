package dev.countersign.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeyScheduleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration RETENTION = Duration.ofMinutes(5);
    private static final Duration PUBLISH_BEFORE_USE = Duration.ofMinutes(10);

    private static SigningKey key(String kid, Instant createdAt, Instant activatesAt) {
        return new SigningKey(kid, SigningAlgorithm.ES256, "{}", null, Optional.empty(), createdAt, activatesAt);
    }

    private static final SigningKey FIRST = key("first", T0, T0);
    private static final Instant ROTATED_AT = T0.plus(Duration.ofHours(1));
    private static final SigningKey SECOND = key("second", ROTATED_AT, ROTATED_AT.plus(PUBLISH_BEFORE_USE));
    private static final KeySchedule ROTATED = new KeySchedule(List.of(SECOND, FIRST), RETENTION);

    private static List<String> published(KeySchedule schedule, Instant t) {
        return schedule.publishedAt(t).stream().map(SigningKey::kid).toList();
    }

    @Nested
    @DisplayName("RFC 7517 §5 key sets: a rotated key is published before it signs")
    class PublishBeforeUse {
        @Test
        void publishesARotatedKeyAtOnceButSignsWithTheOldOneUntilItActivates() {
            assertEquals(List.of("first", "second"), published(ROTATED, ROTATED_AT));
            assertEquals("first", ROTATED.signingKeyAt(ROTATED_AT).orElseThrow().kid());
            assertEquals(
                    "first",
                    ROTATED.signingKeyAt(SECOND.activatesAt().minusNanos(1000))
                            .orElseThrow()
                            .kid());
            assertEquals(
                    "second",
                    ROTATED.signingKeyAt(SECOND.activatesAt()).orElseThrow().kid());
        }

        @Test
        void signsWithTheNewKeyAtOnceWhenPublishBeforeUseIsZero() {
            SigningKey immediate = key("immediate", ROTATED_AT, ROTATED_AT);
            KeySchedule schedule = new KeySchedule(List.of(FIRST, immediate), RETENTION);
            assertEquals(
                    "immediate", schedule.signingKeyAt(ROTATED_AT).orElseThrow().kid());
        }

        @Test
        void hasNoSigningKeyBeforeTheFirstActivates() {
            assertTrue(ROTATED.signingKeyAt(T0.minusSeconds(1)).isEmpty());
        }
    }

    @Nested
    @DisplayName("RFC 7517 §5 key sets: a superseded key stays until its last token expired")
    class Retention {
        @Test
        void keepsTheOldKeyPublishedUntilSuccessorActivationPlusTheLongestLifetime() {
            Instant until = SECOND.activatesAt().plus(RETENTION);
            assertEquals(Optional.of(until), ROTATED.publishedUntil(FIRST));
            assertEquals(List.of("first", "second"), published(ROTATED, until.minusNanos(1000)));
            assertEquals(List.of("second"), published(ROTATED, until));
        }

        @Test
        void keepsTheNewestKeyPublishedIndefinitely() {
            assertEquals(Optional.empty(), ROTATED.publishedUntil(SECOND));
            assertEquals(List.of("second"), published(ROTATED, ROTATED_AT.plus(Duration.ofDays(365))));
        }

        @Test
        void reportsNextActiveAndRetired() {
            List<SigningKeyState> before = ROTATED.statesAt(ROTATED_AT);
            assertEquals(KeyStatus.ACTIVE, before.get(0).status());
            assertEquals(KeyStatus.NEXT, before.get(1).status());
            List<SigningKeyState> after = ROTATED.statesAt(SECOND.activatesAt().plus(RETENTION));
            assertEquals(KeyStatus.RETIRED, after.get(0).status());
            assertFalse(after.get(0).published());
            assertEquals(KeyStatus.ACTIVE, after.get(1).status());
        }

        @Test
        void aKeyMaySignUntilItsSuccessorActivates() {
            assertTrue(ROTATED.maySignAtOrAfter(FIRST, SECOND.activatesAt().minusSeconds(1)));
            assertFalse(ROTATED.maySignAtOrAfter(FIRST, SECOND.activatesAt()));
            assertTrue(ROTATED.maySignAtOrAfter(SECOND, SECOND.activatesAt().plus(Duration.ofDays(1))));
        }
    }
}
