package dev.countersign.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Headless Chromium at a phone-sized viewport (390×844) driven by the system ChromeDriver, with a
 * WebAuthn virtual authenticator that keeps discoverable credentials and verifies the user. One per
 * test class; {@link #close} quits the browser and deletes its profile.
 */
public final class PhoneBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    public final ChromeDriver driver;
    public final VirtualAuthenticator authenticator;
    private final Path profile;

    private PhoneBrowser(ChromeDriver driver, VirtualAuthenticator authenticator, Path profile) {
        this.driver = driver;
        this.authenticator = authenticator;
        this.profile = profile;
    }

    /** Skips the calling test class, with a message, when Chromium is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Skipped: /usr/bin/chromium and /usr/bin/chromedriver are needed for browser tests"
                        + " (apt-get install -y chromium chromium-driver; CI installs them)");
    }

    public static PhoneBrowser start() {
        assumeInstalled();
        try {
            Path profile = Files.createTempDirectory("countersign-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-quic",
                    "--disable-dev-shm-usage",
                    "--window-size=390,844",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            // Headless windows are at least 500 px wide: emulate the phone's viewport instead.
            driver.executeCdpCommand(
                    "Emulation.setDeviceMetricsOverride",
                    java.util.Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
            VirtualAuthenticator authenticator = driver.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                    .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                    .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                    .setHasResidentKey(true)
                    .setHasUserVerification(true)
                    .setIsUserVerified(true)
                    .setIsUserConsenting(true));
            return new PhoneBrowser(driver, authenticator, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An explicit wait on a DOM condition: polls, never sleeps a fixed time. */
    public WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    /** Saves the current screen as {@code target/screenshots/<name>.png}. */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.copy(
                    driver.getScreenshotAs(OutputType.FILE).toPath(),
                    SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets the session: cookies and the stored CSRF token. */
    public void signedOut(String base) {
        driver.get(base + "/app/signin");
        driver.manage().deleteAllCookies();
        driver.executeScript("localStorage.clear()");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp profile is harmless.
        }
    }
}
