package dev.countersign.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent peers the tests run with node (an external CIBA provider, Web Push decoders),
 * declared in {@code src/test/node/package.json} and pinned by its lock file. The first caller
 * installs them with {@code npm ci} when {@code node_modules} is missing, so {@code mvn verify}
 * works on a machine that has node and npm but never ran {@code .ci/run}.
 */
public final class NodePeers {
    private static final Path HOME = Path.of("src", "test", "node").toAbsolutePath();
    private static final long INSTALL_TIMEOUT_SECONDS = 300;

    private NodePeers() {}

    /** The folder holding {@code package.json} and {@code node_modules}, installed if needed. */
    public static synchronized Path home() {
        if (!Files.isDirectory(HOME.resolve("node_modules"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"));
        }
        return HOME;
    }

    /** Starts {@code node <script> <args…>} in {@link #home()}, its output appended to {@code log}. */
    public static Process node(Path script, Path log, String... args) {
        return node(script, log, java.util.Map.of(), args);
    }

    /** Starts {@code node <script> <args…>} with these extra environment variables. */
    public static Process node(Path script, Path log, java.util.Map<String, String> environment, String... args) {
        List<String> command = new java.util.ArrayList<>(
                List.of("node", script.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start node (is Node.js 20+ installed?)", e);
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(HOME.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!process.waitFor(INSTALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in time");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed in " + HOME);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run npm (is Node.js 20+ installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing the node test peers", e);
        }
    }
}
