package dev.countersign.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code java -jar .../quarkus-run.jar}) as a child process for {@code
 * *IT} tests: started in its own working folder (so the embedded defaults put the H2 database and
 * the master key in {@code <folder>/data}) on a free loopback port, awaited until {@code
 * /q/health/ready} answers 200 within a bounded deadline ({@link Readiness}), and stopped with
 * SIGTERM or killed with SIGKILL. A restart reuses the folder and the port, so state and base URI
 * carry over. Start one with {@link #embedded()} or {@link #postgresql(PostgresServer)}.
 */
public final class PackagedApp implements AutoCloseable {
    /** The launcher script of the repository; failsafe runs in the project folder. */
    private static final Path LAUNCHER = Path.of("bin", "countersign").toAbsolutePath();
    /** The launcher may first record its class-data-sharing archive (one more start, then a dump). */
    private static final Duration LAUNCHER_DEADLINE = Duration.ofMinutes(5);

    private final Path jar;
    private final Path workDir;
    private final boolean ownsWorkDir;
    private final int port;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final boolean issuerOnItsPort;
    private final boolean viaLauncher;
    private Process process;
    private Path console;
    private int starts;

    private PackagedApp(Builder builder) {
        this.jar = builder.build.jar();
        this.ownsWorkDir = builder.workDir == null;
        this.workDir = ownsWorkDir ? LocalResources.createTempDir("countersign-app-") : builder.workDir;
        this.port = LocalResources.freeLoopbackPort();
        this.properties = Map.copyOf(builder.properties);
        this.environment = Map.copyOf(builder.environment);
        this.issuerOnItsPort = builder.issuerOnItsPort;
        this.viaLauncher = builder.viaLauncher;
    }

    /** The default package, on its embedded H2 defaults. */
    public static Builder embedded() {
        return new Builder(PackagedBuild.EMBEDDED);
    }

    /** The package built for PostgreSQL, pointed at the given server. */
    public static Builder postgresql(PostgresServer server) {
        return new Builder(PackagedBuild.POSTGRESQL)
                .property("quarkus.datasource.jdbc.url", server.jdbcUrl())
                .property("quarkus.datasource.username", server.username())
                .property("quarkus.datasource.password", server.password());
    }

    public URI baseUri() {
        return URI.create("http://localhost:" + port);
    }

    /** The working folder; the embedded build keeps its data in {@code data/} below it. */
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

    /** The running (or last) process's command line, as the operating system reports it. */
    public String commandLine() {
        return process.info().commandLine().orElseThrow();
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

    /** Kills the process and deletes the working folder if this object created it. */
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
        if (viaLauncher) {
            command.add(LAUNCHER.toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("quarkus.http.host", "127.0.0.1");
        all.put("quarkus.http.port", Integer.toString(port));
        if (issuerOnItsPort) {
            all.put("countersign.issuer", baseUri().toString());
        }
        all.putAll(properties);
        all.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (!viaLauncher) {
            command.addAll(List.of("-jar", jar.toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        if (viaLauncher) {
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("COUNTERSIGN_APP_DIR", jar.getParent().toString());
        }
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + jar, e);
        }
        try {
            URI ready = baseUri().resolve("/q/health/ready");
            if (viaLauncher) {
                Readiness.await(ready, process, LAUNCHER_DEADLINE);
            } else {
                Readiness.await(ready, process);
            }
        } catch (IllegalStateException e) {
            kill();
            throw new IllegalStateException(e.getMessage() + "\n" + output(), e);
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
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How to start a {@link PackagedApp}: which package, where, with which settings. */
    public static final class Builder {
        private final PackagedBuild build;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path workDir;
        private boolean issuerOnItsPort;
        private boolean viaLauncher;

        private Builder(PackagedBuild build) {
            this.build = build;
        }

        /** A system property for the application, e.g. {@code countersign.demo.enabled=false}. */
        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /** An environment variable for the application, e.g. {@code COUNTERSIGN_ADMIN_TOKEN}. */
        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /**
         * Sets {@code countersign.issuer} to {@code http://localhost:<its port>} explicitly (the
         * default follows {@code quarkus.http.port} too; the demo target's audience and the demo
         * {@code pay} action follow the issuer).
         */
        public Builder issuerOnItsPort() {
            this.issuerOnItsPort = true;
            return this;
        }

        /**
         * Starts the package through {@code bin/countersign}, the launcher operators run, instead of
         * {@code java -jar}: the properties become its arguments.
         */
        public Builder viaLauncher() {
            this.viaLauncher = true;
            return this;
        }

        /** Runs in this folder (which the caller deletes) instead of a fresh temporary one. */
        public Builder workDir(Path folder) {
            this.workDir = folder;
            return this;
        }

        /** Starts the application and waits until it is ready; cleans up if it never gets there. */
        public PackagedApp start() {
            PackagedApp app = new PackagedApp(this);
            try {
                app.launch();
            } catch (RuntimeException e) {
                app.close();
                throw e;
            }
            return app;
        }
    }
}
