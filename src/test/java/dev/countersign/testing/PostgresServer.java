package dev.countersign.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} into a temporary folder, {@code pg_ctl
 * start} on a free loopback port with its socket in that folder and {@code fsync=off}, one role and
 * one database, and on {@link #close()} an immediate stop and the folder deleted. The binaries are
 * found in {@code /usr/lib/postgresql/<version>/bin} (or {@code $COUNTERSIGN_PG_BIN}). {@code initdb}
 * refuses to run as root, so as root every command runs as the {@code postgres} user.
 */
public final class PostgresServer implements AutoCloseable {
    private static final String ROLE = "countersign";
    private static final String DATABASE = "countersign";
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path bin;
    private final Path home;
    private final int port;
    private final String password;
    private final Thread cleanup = new Thread(this::stopQuietly, "postgres-test-server-cleanup");

    private PostgresServer(Path bin, Path home, int port) {
        this.bin = bin;
        this.home = home;
        this.port = port;
        this.password = UUID.randomUUID().toString();
    }

    /** Creates, starts and prepares a new server; fails with a clear message if PostgreSQL is missing. */
    public static PostgresServer start() {
        PostgresServer server = new PostgresServer(findBinaries(), createHome(), LocalResources.freeLoopbackPort());
        Runtime.getRuntime().addShutdownHook(server.cleanup);
        try {
            server.initialise();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return ROLE;
    }

    public String password() {
        return password;
    }

    /** Stops the server at once (tests need no clean shutdown) and deletes its folder. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to do
        }
    }

    private void initialise() {
        Path data = home.resolve("data");
        run(
                tool("initdb"),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "-N",
                "--auth-local=trust",
                "--auth-host=scram-sha-256");
        run(
                tool("pg_ctl"),
                "-D",
                data.toString(),
                "-l",
                home.resolve("server.log").toString(),
                "-w",
                "-t",
                "30",
                "-o",
                "-p " + port + " -k " + home + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off",
                "start");
        run(
                tool("psql"),
                "-h",
                home.toString(),
                "-p",
                Integer.toString(port),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
                "-c",
                "create role " + ROLE + " login password '" + password + "'",
                "-c",
                "create database " + DATABASE + " owner " + ROLE);
    }

    private void stopQuietly() {
        Path data = home.resolve("data");
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(tool("pg_ctl"), "-D", data.toString(), "-m", "immediate", "-w", "stop");
            }
        } catch (RuntimeException e) {
            System.err.println("Could not stop the test PostgreSQL server: " + e.getMessage());
        } finally {
            LocalResources.deleteRecursively(home);
        }
    }

    private String tool(String name) {
        return bin.resolve(name).toString();
    }

    private static Path findBinaries() {
        String configured = System.getenv("COUNTERSIGN_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(PostgresServer::majorVersion))
                    .orElseThrow(PostgresServer::missing);
        } catch (IOException e) {
            throw missing();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static IllegalStateException missing() {
        return new IllegalStateException("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin:"
                + " install them (apt-get install -y postgresql) or set COUNTERSIGN_PG_BIN");
    }

    private static Path createHome() {
        try {
            Path home = LocalResources.createTempDir("countersign-pg-");
            if (runningAsRoot()) {
                UserPrincipal postgres =
                        home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
                Files.setOwner(home, postgres);
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a folder for the test PostgreSQL server", e);
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void run(String... command) {
        List<String> line = new ArrayList<>();
        if (runningAsRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        Path output = home.resolveSibling(home.getFileName() + ".out");
        try {
            Process process = new ProcessBuilder(line)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish in time");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        command[0] + " failed (" + process.exitValue() + "): " + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            output.toFile().delete();
        }
    }
}
