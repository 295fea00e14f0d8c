package dev.countersign.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two packages {@code mvn package} builds (ADR 0001): the default one for the embedded H2
 * database, and one built with {@code quarkus.datasource.db-kind=postgresql}. The pom hands their
 * locations to failsafe as system properties; the fallbacks serve a run from an IDE.
 */
public enum PackagedBuild {
    EMBEDDED("countersign.packaged-app", "target/quarkus-app/quarkus-run.jar"),
    POSTGRESQL("countersign.packaged-app-postgresql", "target/quarkus-app-postgresql/quarkus-run.jar");

    private final String property;
    private final String fallback;

    PackagedBuild(String property, String fallback) {
        this.property = property;
        this.fallback = fallback;
    }

    /** The absolute path of {@code quarkus-run.jar}; fails if it has not been built. */
    public Path jar() {
        Path jar = Path.of(System.getProperty(property, fallback));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it first (mvn package)");
        }
        return jar.toAbsolutePath();
    }
}
