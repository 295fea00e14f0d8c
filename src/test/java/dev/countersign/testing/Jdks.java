package dev.countersign.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** JDKs installed beside the one running the tests, for tests of the launcher on another Java. */
public final class Jdks {
    private static final Path INSTALLED = Path.of("/usr/lib/jvm");
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private Jdks() {}

    /**
     * The home of a JDK of at least this feature version: {@code countersign.it.java<feature>-home}
     * if set, else the newest under {@code /usr/lib/jvm} (by its {@code release} file).
     */
    public static Optional<Path> atLeast(int feature) {
        String configured = System.getProperty("countersign.it.java" + feature + "-home");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        if (!Files.isDirectory(INSTALLED)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(INSTALLED)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> featureOf(home) >= feature)
                    .max(Comparator.comparingInt(Jdks::featureOf));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int featureOf(Path home) {
        Path release = home.resolve("release");
        try {
            Matcher version = VERSION.matcher(Files.isRegularFile(release) ? Files.readString(release) : "");
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
