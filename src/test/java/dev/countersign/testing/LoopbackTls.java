package dev.countersign.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for {@code localhost} (and 127.0.0.1), generated once per test JVM with
 * the JDK's {@code keytool}: the key store serves the tests' HTTPS receivers, the PEM file is what
 * the service trusts through {@code countersign.outbound.trust-certificates}.
 */
public final class LoopbackTls {
    /** The password of the PKCS#12 key store and of its key. */
    public static final String PASSWORD = "changeit";

    private static Path folder;

    private LoopbackTls() {}

    /** The PEM certificate to trust. */
    public static synchronized Path certificatePem() {
        return folder().resolve("localhost.pem");
    }

    /** The PKCS#12 key store with the localhost key and certificate, e.g. for a server to serve https. */
    public static synchronized Path keyStore() {
        return folder().resolve("localhost.p12");
    }

    /** A server TLS context with the localhost key and certificate. */
    public static SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(folder().resolve("localhost.p12"))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized Path folder() {
        if (folder == null) {
            Path dir = LocalResources.createTempDir("countersign-tls-");
            Path store = dir.resolve("localhost.p12");
            keytool(List.of(
                    "-genkeypair",
                    "-alias",
                    "localhost",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    PASSWORD,
                    "-keypass",
                    PASSWORD));
            keytool(List.of(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "localhost",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    PASSWORD,
                    "-file",
                    dir.resolve("localhost.pem").toString()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> LocalResources.deleteRecursively(dir)));
            folder = dir;
        }
        return folder;
    }

    private static void keytool(List<String> arguments) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>();
        command.add(keytool.toString());
        command.addAll(arguments);
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
