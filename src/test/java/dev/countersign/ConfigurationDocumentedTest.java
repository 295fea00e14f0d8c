package dev.countersign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.countersign.common.config.DurationRange;
import dev.countersign.common.config.IntRange;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md tells the truth about configuration: it lists every {@code countersign.*}
 * property of every {@code @ConfigMapping} under {@code dev.countersign} (names derived by SmallRye
 * Config itself: kebab-case, nested groups, prefix), with its {@code @WithDefault} and the bounds of
 * its {@code @IntRange} or {@code @DurationRange} in the Type column, and nothing else.
 */
class ConfigurationDocumentedTest {
    private static final Path DOC = Path.of("docs/configuration.md");

    /** A table row: | `name` | type | default | description |. */
    private static final Pattern ROW =
            Pattern.compile("^\\|\\s*`(countersign\\.[^`]+)`\\s*\\|[^|]*\\|([^|]*)\\|", Pattern.MULTILINE);

    /** The same row: its name and its Type cell. */
    private static final Pattern TYPE_ROW =
            Pattern.compile("^\\|\\s*`(countersign\\.[^`]+)`\\s*\\|([^|]*)\\|", Pattern.MULTILINE);

    private static final Map<String, Property> CODE = propertiesOfEveryMapping();
    private static final Map<String, String> DOCUMENTED = documentedDefaults();
    private static final Map<String, String> TYPES = documentedTypes();

    @Nested
    @DisplayName("CONVENTIONS.md Configuration: docs/configuration.md lists every property")
    class EveryProperty {
        @Test
        void findsThePropertiesOfEveryConfigMapping() {
            assertTrue(
                    CODE.keySet()
                            .containsAll(Set.of(
                                    "countersign.issuer",
                                    "countersign.data-dir",
                                    "countersign.master-key",
                                    "countersign.admin.token",
                                    "countersign.demo.enabled")),
                    "derived: " + CODE.keySet());
        }

        @Test
        void documentsEveryProperty() {
            List<String> missing = CODE.keySet().stream()
                    .filter(p -> !DOCUMENTED.containsKey(p))
                    .toList();
            assertEquals(List.of(), missing, "properties missing from " + DOC);
        }

        @Test
        void documentsNoPropertyThatDoesNotExist() {
            List<String> unknown = DOCUMENTED.keySet().stream()
                    .filter(p -> !CODE.containsKey(p))
                    .toList();
            assertEquals(List.of(), unknown, "rows in " + DOC + " for properties no @ConfigMapping has");
        }

        @Test
        void statesEveryDefaultAsTheCodeDoes() {
            Map<String, String> wrong = new TreeMap<>();
            CODE.forEach((name, property) -> {
                String documented = DOCUMENTED.get(name);
                if (property.hasDefaultValue() && documented != null) {
                    String expected = property.getDefaultValue();
                    if (!documented.equals(expected)) {
                        wrong.put(name, "documented '" + documented + "', @WithDefault '" + expected + "'");
                    }
                }
            });
            assertEquals(Map.of(), wrong, "defaults in " + DOC + " that differ from the code");
        }

        @Test
        void statesEveryBoundAsTheCodeDoes() {
            Map<String, String> wrong = new TreeMap<>();
            CODE.forEach((name, property) -> {
                String type = TYPES.get(name);
                if (type == null) {
                    return;
                }
                String expected = bounds(property.getMethod());
                String documented = documentedBounds(type);
                if (!expected.equals(documented)) {
                    wrong.put(name, "documented '" + type + "' (" + documented + "), the code " + expected);
                }
            });
            assertEquals(Map.of(), wrong, "bounds in " + DOC + " that differ from @IntRange / @DurationRange");
        }
    }

    /** A Type cell's bounds: "integer, 1 to 1000", "duration, at least 1 h", "duration, `PT0S` to `P1D`". */
    private static final Pattern BOUNDS =
            Pattern.compile("^(integer|duration), (?:at least (.+)|up to (.+)|(.+?) to (.+))$");

    private static final Pattern AMOUNT = Pattern.compile("^(\\d+) (ms|s|min|h|d|days)$");

    /** The code's bounds of a property as "[min, max]" (either may be "none"), or "none". */
    private static String bounds(Method method) {
        IntRange ints = method.getAnnotation(IntRange.class);
        if (ints != null) {
            return "[" + (ints.min() == Integer.MIN_VALUE ? "none" : ints.min()) + ", "
                    + (ints.max() == Integer.MAX_VALUE ? "none" : ints.max()) + "]";
        }
        DurationRange durations = method.getAnnotation(DurationRange.class);
        if (durations != null) {
            return "[" + (durations.min().isEmpty() ? "none" : Duration.parse(durations.min())) + ", "
                    + (durations.max().isEmpty() ? "none" : Duration.parse(durations.max())) + "]";
        }
        return "none";
    }

    /** The bounds a Type cell states, in the form of {@link #bounds}. */
    private static String documentedBounds(String type) {
        Matcher cell = BOUNDS.matcher(type.replace("`", "").strip());
        if (!cell.matches()) {
            return "none";
        }
        boolean integer = cell.group(1).equals("integer");
        String min = cell.group(2) != null ? cell.group(2) : cell.group(4);
        String max = cell.group(3) != null ? cell.group(3) : cell.group(5);
        return "[" + amount(min, integer) + ", " + amount(max, integer) + "]";
    }

    private static String amount(String text, boolean integer) {
        if (text == null) {
            return "none";
        }
        String value = text.strip();
        if (integer) {
            return value;
        }
        if (value.equals("0")) {
            return Duration.ZERO.toString();
        }
        if (value.startsWith("P")) {
            return Duration.parse(value).toString();
        }
        Matcher amount = AMOUNT.matcher(value);
        if (!amount.matches()) {
            return "unreadable '" + value + "'";
        }
        long n = Long.parseLong(amount.group(1));
        Duration duration = switch (amount.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return duration.toString();
    }

    /** Every property path of every mapping, as SmallRye Config derives it; lists by their plain name. */
    private static Map<String, Property> propertiesOfEveryMapping() {
        Map<String, Property> all = new TreeMap<>();
        new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.countersign")
                        .stream()
                        .filter(c -> c.isAnnotatedWith(ConfigMapping.class))
                        .map(JavaClass::reflect)
                        .forEach(type -> ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(type))
                                .forEach((path, property) -> all.put(path.replace("[*]", ""), property)));
        return all;
    }

    /** Documented property name to its Type cell. */
    private static Map<String, String> documentedTypes() {
        Map<String, String> rows = new TreeMap<>();
        Matcher row = TYPE_ROW.matcher(readDoc());
        while (row.find()) {
            rows.put(row.group(1), row.group(2).strip());
        }
        return rows;
    }

    /** Documented property name to its default cell, backticks and blanks stripped. */
    private static Map<String, String> documentedDefaults() {
        Map<String, String> rows = new TreeMap<>();
        Matcher row = ROW.matcher(readDoc());
        while (row.find()) {
            rows.put(row.group(1), row.group(2).replace("`", "").strip());
        }
        return rows;
    }

    private static String readDoc() {
        try {
            return Files.readString(DOC);
        } catch (IOException e) {
            throw new IllegalStateException(DOC + " is missing", e);
        }
    }
}
