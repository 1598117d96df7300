package dev.minizk.status;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium for the browser tests, driven by Selenium. It uses the Debian packages'
 * binaries ({@code chromium}, {@code chromium-driver}) and never downloads a driver; without
 * them it fails, saying what to install (CI's {@code .ci/run} installs them).
 */
final class Chromium {
    /** Overridable for machines that keep them elsewhere. */
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("MINIZK_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("MINIZK_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** A headless browser with its profile in {@code profile}, 1440 px wide. */
    static WebDriver start(Path profile) {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertThat(Files.isExecutable(binary))
                    .as("%s is missing: the browser test needs headless Chromium and its driver; install them with "
                            + "'apt-get install -y chromium chromium-driver' (Debian/Ubuntu; .ci/run does this), or point "
                            + "MINIZK_CHROMIUM / MINIZK_CHROMEDRIVER at them", binary)
                    .isTrue();
        }
        // Selenium Manager would try to download a driver; the machine may be offline, and it needs none.
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_MANAGER_PATH", "/nonexistent/selenium-manager");
        // Chromium is newer than Selenium's CDP bindings; the warning saying so is noise here.
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1440,1280");
        return new ChromeDriver(service, options);
    }
}
