package dev.countersign.common.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.WithName;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ConfigBounds: a setting outside its bounds stops start-up with a message naming it")
class ConfigBoundsTest {
    @ConfigMapping(prefix = "test")
    public interface Settings {
        @IntRange(min = 1, max = 10)
        int batchSize();

        @DurationRange(min = "PT1S", max = "PT1M")
        Duration interval();

        @DurationRange(min = "PT0S")
        Optional<Duration> window();

        @Matches("very-low|low|normal|high")
        @WithName("push-urgency")
        String urgency();

        Nested nested();

        Optional<Nested> maybe();

        Map<String, Nested> types();

        List<Nested> hooks();

        /** Not a property: computed from the others. */
        default int twiceBatchSize() {
            throw new AssertionError("default methods are not read");
        }
    }

    public interface Nested {
        @IntRange(min = 0)
        int attempts();
    }

    private final ConfigBounds bounds = new ConfigBounds();

    @Test
    void settingsWithinTheirBoundsPass() {
        assertDoesNotThrow(() -> bounds.validateMapping(Settings.class, "test", settings(valid())));
    }

    @Test
    void eachSettingOutsideItsBoundsIsNamedWithItsValueAndBoundsInOneFailure() {
        Map<String, Object> values = valid();
        values.put("batchSize", 0);
        values.put("interval", Duration.ofMinutes(2));
        values.put("window", Optional.of(Duration.ofSeconds(-1)));
        values.put("urgency", "urgent");
        values.put("nested", nested(-1));
        values.put("maybe", Optional.of(nested(-2)));
        values.put("types", Map.of("payment.v1", nested(-3)));
        values.put("hooks", List.of(nested(0), nested(-4)));

        ConfigValidationException refused = assertThrows(
                ConfigValidationException.class,
                () -> bounds.validateMapping(Settings.class, "test", settings(values)));

        List<String> messages = new ArrayList<>();
        for (int i = 0; i < refused.getProblemCount(); i++) {
            messages.add(refused.getProblem(i).getMessage());
        }
        assertEquals(
                List.of(
                        "test.batch-size must be between 1 and 10, not 0",
                        "test.hooks[1].attempts must be at least 0, not -4",
                        "test.interval must be between PT1S and PT1M, not PT2M",
                        "test.maybe.attempts must be at least 0, not -2",
                        "test.nested.attempts must be at least 0, not -1",
                        "test.push-urgency must be a match of very-low|low|normal|high, not urgent",
                        "test.types.\"payment.v1\".attempts must be at least 0, not -3",
                        "test.window must be at least PT0S, not PT-1S"),
                messages.stream().sorted().toList());
    }

    @Test
    void theBoundsAreInclusive() {
        Map<String, Object> values = valid();
        values.put("batchSize", 10);
        values.put("interval", Duration.ofSeconds(1));
        values.put("window", Optional.of(Duration.ZERO));
        assertDoesNotThrow(() -> bounds.validateMapping(Settings.class, "test", settings(values)));
    }

    @Test
    void anUnsetOptionalSettingOrGroupIsNotChecked() {
        Map<String, Object> values = valid();
        values.put("window", Optional.empty());
        values.put("maybe", Optional.empty());
        assertDoesNotThrow(() -> bounds.validateMapping(Settings.class, "test", settings(values)));
    }

    @Test
    void mappingsOfOtherLibrariesAreLeftToThem() {
        // A mapping interface outside dev.countersign whose every read fails: it must not be read.
        IntSupplier foreign = (IntSupplier) Proxy.newProxyInstance(
                IntSupplier.class.getClassLoader(), new Class<?>[] {IntSupplier.class}, (p, method, args) -> {
                    throw new AssertionError("read " + method.getName() + " of another library's mapping");
                });
        assertDoesNotThrow(() -> bounds.validateMapping(IntSupplier.class, "quarkus", foreign));
    }

    private static Map<String, Object> valid() {
        Map<String, Object> values = new HashMap<>();
        values.put("batchSize", 5);
        values.put("interval", Duration.ofSeconds(5));
        values.put("window", Optional.of(Duration.ofMinutes(1)));
        values.put("urgency", "normal");
        values.put("nested", nested(3));
        values.put("maybe", Optional.of(nested(1)));
        values.put("types", Map.of("payment", nested(2)));
        values.put("hooks", List.of(nested(0)));
        return values;
    }

    private static Settings settings(Map<String, Object> values) {
        return proxy(Settings.class, values);
    }

    private static Nested nested(int attempts) {
        return proxy(Nested.class, Map.of("attempts", attempts));
    }

    private static <T> T proxy(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            if (!values.containsKey(method.getName())) {
                throw new AssertionError("read " + method.getName());
            }
            return values.get(method.getName());
        }));
    }
}
