package dev.countersign.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code java -jar target/quarkus-app/quarkus-run.jar}) as a child
 * process for {@code *IT} tests: started in its own working folder (so the embedded defaults put the
 * H2 database and master key in {@code <folder>/data}) on a free loopback port, awaited until
 * {@code /q/health/ready} answers 200 within a bounded deadline, and stopped with SIGTERM or killed
 * with SIGKILL. A restart reuses the folder and the port, so state and base URI carry over.
 */
public final class PackagedApp implements AutoCloseable {
    /** How long a start may take before the test fails; far above the ~2 s a start needs. */
    public static final Duration READY_DEADLINE = Duration.ofSeconds(60);

    private static final Duration POLL_PAUSE = Duration.ofMillis(50);

    private final Path jar;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final int port;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Path console;
    private int starts;

    private PackagedApp(Path workDir, boolean ownsWorkDir, Map<String, String> properties, Map<String, String> env) {
        this.jar = locateJar();
        this.workDir = workDir;
        this.ownsWorkDir = ownsWorkDir;
        this.port = LocalResources.freeLoopbackPort();
        this.properties = Map.copyOf(properties);
        this.environment = Map.copyOf(env);
    }

    /** Starts the application in a fresh temporary folder, deleted again by {@link #close()}. */
    public static PackagedApp start() {
        return start(Map.of(), Map.of());
    }

    /**
     * Starts the application in a fresh temporary folder with extra system properties (e.g. {@code
     * countersign.demo.enabled=false}) and environment variables (e.g. {@code COUNTERSIGN_ADMIN_TOKEN}).
     */
    public static PackagedApp start(Map<String, String> properties, Map<String, String> environment) {
        PackagedApp app =
                new PackagedApp(LocalResources.createTempDir("countersign-app-"), true, properties, environment);
        app.launch();
        return app;
    }

    /** Starts the application in the given folder, which the caller owns and deletes. */
    public static PackagedApp startIn(Path workDir, Map<String, String> properties, Map<String, String> env) {
        PackagedApp app = new PackagedApp(workDir, false, properties, env);
        app.launch();
        return app;
    }

    public URI baseUri() {
        return URI.create("http://localhost:" + port);
    }

    public int port() {
        return port;
    }

    /** The working folder; the service keeps its data in {@code data/} below it. */
    public Path workDir() {
        return workDir;
    }

    /** Everything the current (or last) process printed to stdout and stderr. */
    public String output() {
        try {
            return Files.readString(console);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: the process gets no chance to flush or shut down, as in a crash or an OOM kill. */
    public void kill() {
        terminate(true);
    }

    /** SIGTERM: a graceful shutdown, as an orchestrator does it. */
    public void stop() {
        terminate(false);
    }

    /** Starts a new process on the same folder and port after {@link #kill()} or {@link #stop()}. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("stop or kill the application before restarting it");
        }
        launch();
    }

    @Override
    public void close() {
        kill();
        if (ownsWorkDir) {
            LocalResources.deleteRecursively(workDir);
        }
    }

    private void launch() {
        starts++;
        console = workDir.resolve("console-" + starts + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("quarkus.http.host", "127.0.0.1");
        all.put("quarkus.http.port", Integer.toString(port));
        all.putAll(properties);
        all.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + jar, e);
        }
        awaitReady();
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_DEADLINE);
        HttpRequest ready = HttpRequest.newBuilder(baseUri().resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        while (Instant.now().isBefore(deadline)) {
            if (answersOk(ready)) {
                return;
            }
            if (exitedWithin(POLL_PAUSE)) {
                throw new IllegalStateException(
                        "The application exited with " + process.exitValue() + " before it was ready:\n" + output());
            }
        }
        kill();
        throw new IllegalStateException("The application was not ready within " + READY_DEADLINE + ":\n" + output());
    }

    private boolean answersOk(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean exitedWithin(Duration pause) {
        try {
            return process.waitFor(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void terminate(boolean forcibly) {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!exitedWithin(Duration.ofSeconds(30))) {
            process.destroyForcibly();
            exitedWithin(Duration.ofSeconds(10));
        }
    }

    private static Path locateJar() {
        Path jar = Path.of(System.getProperty("countersign.packaged-app", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it first (mvn package)");
        }
        return jar.toAbsolutePath();
    }
}
