package dev.countersign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.countersign.testing.PackagedBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The package's layout, which the launcher's class-data archive and AOT cache depend on
 * (docs/deployment/embedded.md): everything on the JVM's own class path, nothing signed.
 */
@DisplayName("The package: every jar on the JVM's class path, none signed")
class PackageLayoutIT {
    private final Path app = PackagedBuild.EMBEDDED.jar().getParent();

    @Test
    void quarkusRunJarPutsTheServiceAndEveryLibraryOnTheClassPathOfTheJvm() throws IOException {
        try (JarFile runner = new JarFile(app.resolve("quarkus-run.jar").toFile())) {
            String classPath = runner.getManifest().getMainAttributes().getValue("Class-Path");
            assertTrue(classPath.contains("app/countersign-"), "the service's own jar: " + classPath);
            try (Stream<Path> libraries = Files.list(app.resolve("lib/main"))) {
                List<String> missing = libraries
                        .map(jar -> "lib/main/" + jar.getFileName())
                        .filter(jar -> !classPath.contains(jar))
                        .toList();
                assertEquals(List.of(), missing, "every library is on the Class-Path of quarkus-run.jar");
            }
        }
    }

    @Test
    void noPackagedJarCarriesASignatureSoTheJdkNeitherVerifiesNorSkipsIt() throws IOException {
        try (Stream<Path> jars = Files.walk(app)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try (JarFile file = new JarFile(jar.toFile(), false)) {
                    assertFalse(
                            file.stream()
                                    .anyMatch(entry -> entry.getName().matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")),
                            jar + " is signed");
                }
            }
        }
    }
}
