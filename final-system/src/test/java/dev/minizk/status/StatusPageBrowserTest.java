package dev.minizk.status;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status page in a real browser: headless Chromium driven by Selenium, against a real
 * server written to with the stock ZooKeeper client ({@link Chromium}: the Debian packages'
 * binaries, never a downloaded driver).
 */
@Timeout(90)
class StatusPageBrowserTest {
    static final Path SCREENSHOT = Path.of(System.getProperty("basedir", "."), "target", "status-page.png");
    static final Path FAILURE_SCREENSHOT = SCREENSHOT.resolveSibling("status-page-failure.png");
    static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    Path profile;

    StatusFixture fixture;
    ZooKeeper zk;
    WebDriver browser;

    @BeforeEach
    void start() {
        fixture = StatusFixture.start();
        zk = fixture.server.client();
        browser = Chromium.start(profile);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shows_live_state_and_a_browsable_tree() throws Exception {
        zk.create("/app", "minizk demo".getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Stat created = new Stat();
        zk.create("/app/config", "{\"color\": \"blue\"}".getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT, created);
        zk.create("/app/members", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/app/members/m-", "host-a:2181".getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE,
                CreateMode.EPHEMERAL_SEQUENTIAL);
        zk.create("/app/blob", new byte[] {0, 1, 2, 3, (byte) 0xca, (byte) 0xfe}, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.getData("/app/config", true, null);
        fixture.server.client(); // a second session, so the sessions table has more than one row
        int nodes = fixture.server.query(s -> s.tree().nodeCount());

        browser.get(fixture.url());
        eventually("the node count", () -> text("node-count").equals(String.valueOf(nodes)));
        eventually("the role", () -> text("role").equalsIgnoreCase("standalone"));
        eventually("/app in the tree", () -> !browser.findElements(row("/app")).isEmpty());
        assertThat(text("last-zxid")).isEqualTo(hex(fixture.server.query(s -> s.lastZxid())));
        assertThat(text("session-count")).isEqualTo("2");
        assertThat(text("watch-total")).isEqualTo("1");
        // A marker that a reload would wipe: the later checks prove the page updated in place.
        ((JavascriptExecutor) browser).executeScript("window.minizkMarker = 'not reloaded';");

        browser.findElement(row("/app")).click();                    // selects it and opens its children
        eventually("the data of /app", () -> text("node-data-text").equals("minizk demo"));
        eventually("/app/config in the tree", () -> !browser.findElements(row("/app/config")).isEmpty());
        browser.findElement(row("/app/config")).click();
        eventually("the data of /app/config", () -> text("node-path").equals("/app/config") && text("node-data-text").equals("{\"color\": \"blue\"}"));
        assertThat(text("stat-czxid")).isEqualTo(hex(created.getCzxid()));
        assertThat(text("stat-mzxid")).isEqualTo(hex(created.getMzxid()));
        assertThat(text("stat-version")).isEqualTo("0");
        assertThat(text("stat-dataLength")).isEqualTo("17");
        assertThat(text("stat-numChildren")).isEqualTo("0");
        assertThat(text("stat-ephemeralOwner")).isEqualTo("0x0");
        assertThat(browser.findElement(By.cssSelector("#acl-table tbody")).getText()).isEqualTo("cdrwa world anyone");

        browser.findElement(By.id("tab-hex")).click();
        eventually("the hex dump of /app/config", () -> text("node-data-hex").startsWith("00000000  7b 22 63 6f"));
        browser.findElement(By.id("tab-text")).click();

        // A second write, seen without reloading: new data, new Stat, a new node in the tree, a new txn.
        Stat changed = zk.setData("/app/config", "{\"color\": \"green\"}".getBytes(StandardCharsets.UTF_8), 0);
        zk.create("/app/second", "hello".getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        eventually("the new data of /app/config", () -> text("node-data-text").equals("{\"color\": \"green\"}"));
        eventually("the new Stat of /app/config", () -> text("stat-version").equals("1") && text("stat-mzxid").equals(hex(changed.getMzxid())));
        eventually("/app/second in the tree", () -> !browser.findElements(row("/app/second")).isEmpty());
        eventually("the new node count", () -> text("node-count").equals(String.valueOf(nodes + 1)));
        eventually("no watches left", () -> text("watch-total").equals("0")); // the data watch fired
        eventually("the create of /app/second on top of the txns", () -> browser.findElement(By.cssSelector("#txns tbody tr")).getText().contains("/app/second"));
        assertThat(browser.findElement(By.cssSelector("#txns tbody")).getText())
                .contains(hex(changed.getMzxid()) + " " + hex(zk.getSessionId()) + " setData /app/config");
        assertThat(((JavascriptExecutor) browser).executeScript("return window.minizkMarker;")).isEqualTo("not reloaded");

        // Binary data opens as a hex dump.
        browser.findElement(row("/app/blob")).click();
        eventually("/app/blob as a hex dump", () -> text("node-path").equals("/app/blob")
                && browser.findElement(By.id("node-data-hex")).isDisplayed()
                && text("node-data-hex").contains("00 01 02 03 ca fe"));

        // At 1400 px the recent-txns table fits its panel (long paths and data wrap in their cells).
        zk.create("/app/" + "a-rather-long-node-name-".repeat(4), ("{\"key\":\"" + "v".repeat(120) + "\"}").getBytes(StandardCharsets.UTF_8),
                Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
        eventually("the long create in the txns", () -> browser.findElement(By.cssSelector("#txns tbody tr")).getText().contains("a-rather-long"));
        eventually("the txns table within its panel", () -> (Boolean) ((JavascriptExecutor) browser).executeScript(
                "const box = document.getElementById('txns').parentElement; return box.scrollWidth <= box.clientWidth;"));
        assertThat(((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth;")).isEqualTo(true);

        // Back to the config node for the picture.
        browser.findElement(row("/app/config")).click();
        eventually("/app/config selected again", () -> text("node-path").equals("/app/config") && text("node-data-text").contains("green"));
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(SCREENSHOT)).isPositive();
    }

    @Test
    void a_deleted_selected_node_says_so() throws Exception {
        zk.create("/gone", "bye".getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        browser.get(fixture.url());
        eventually("/gone in the tree", () -> !browser.findElements(row("/gone")).isEmpty());
        browser.findElement(row("/gone")).click();
        eventually("the data of /gone", () -> text("node-data-text").equals("bye"));

        zk.delete("/gone", -1);
        eventually("the deleted-node notice", () -> browser.findElement(By.id("node-gone")).isDisplayed());
        eventually("/gone gone from the tree", () -> browser.findElements(row("/gone")).isEmpty());
        assertThat(browser.findElement(By.id("node-details")).isDisplayed()).isFalse();
    }

    private static By row(String path) {
        return By.cssSelector(".node-row[data-path='" + path + "']");
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static String hex(long id) {
        return "0x" + Long.toHexString(id);
    }

    /**
     * Polls a browser condition; elements redrawn mid-check just mean "not yet". On a timeout it
     * keeps a screenshot of what the page showed instead ({@link #FAILURE_SCREENSHOT}).
     */
    private void eventually(String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            try {
                Files.createDirectories(FAILURE_SCREENSHOT.getParent());
                Files.write(FAILURE_SCREENSHOT, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            } catch (IOException | RuntimeException ignored) {
                // the timeout is the failure worth reporting
            }
            throw new AssertionError("the status page did not show " + what + " within " + PATIENCE.toSeconds()
                    + " s (screenshot: " + FAILURE_SCREENSHOT + ")", e);
        }
    }
}
