package dev.countersign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Config itself: kebab-case, nested groups, prefix), with its {@code @WithDefault}, and nothing else.
 */
class ConfigurationDocumentedTest {
    private static final Path DOC = Path.of("docs/configuration.md");

    /** A table row: | `name` | type | default | description |. */
    private static final Pattern ROW =
            Pattern.compile("^\\|\\s*`(countersign\\.[^`]+)`\\s*\\|[^|]*\\|([^|]*)\\|", Pattern.MULTILINE);

    private static final Map<String, Property> CODE = propertiesOfEveryMapping();
    private static final Map<String, String> DOCUMENTED = documentedDefaults();

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

    /** Documented property name to its default cell, backticks and blanks stripped. */
    private static Map<String, String> documentedDefaults() {
        String doc;
        try {
            doc = Files.readString(DOC);
        } catch (IOException e) {
            throw new IllegalStateException(DOC + " is missing", e);
        }
        Map<String, String> rows = new TreeMap<>();
        Matcher row = ROW.matcher(doc);
        while (row.find()) {
            rows.put(row.group(1), row.group(2).replace("`", "").strip());
        }
        return rows;
    }
}
