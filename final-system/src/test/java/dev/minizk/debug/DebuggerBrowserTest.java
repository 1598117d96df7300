package dev.minizk.debug;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The debugger in a real browser: headless Chromium driven by Selenium (the Debian packages'
 * {@code chromium} and {@code chromium-driver}, as the status page's browser test uses them).
 * It loads a scenario, delivers events, travels back through the history and branches, opens
 * a trace a search test saved, and steps a Zab write; screenshots go to {@code target/debugger-*.png}.
 */
@Timeout(120)
class DebuggerBrowserTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("MINIZK_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("MINIZK_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path TARGET = Path.of(System.getProperty("basedir", "."), "target");
    static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    Path profile;

    DebugServer server;
    WebDriver browser;

    @BeforeEach
    void start() throws IOException {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertThat(Files.isExecutable(binary))
                    .as("%s is missing: the browser test needs headless Chromium and its driver; install them with "
                            + "'apt-get install -y chromium chromium-driver', or point MINIZK_CHROMIUM / MINIZK_CHROMEDRIVER at them", binary)
                    .isTrue();
        }
        server = DebugServer.start("fle-3", null, new InetSocketAddress("127.0.0.1", 0));
        browser = chromium();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private WebDriver chromium() {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_MANAGER_PATH", "/nonexistent/selenium-manager"); // never download a driver
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=1440,1400");
        return new ChromeDriver(service, options);
    }

    @Test
    void steps_an_election_goes_back_branches_and_opens_a_saved_trace() throws Exception {
        browser.get(server.url());
        eventually("three servers not started", () -> roles().equals(List.of("not started", "not started", "not started")));

        // Start the three servers, then deliver three messages, each the first one enabled.
        for (int step = 1; step <= 6; step++) {
            String depth = String.valueOf(step);
            String kind = step <= 3 ? "start" : "message";
            browser.findElements(By.cssSelector("button.event." + kind + "[data-action=run]")).get(0).click();
            eventually("step " + step, () -> text("depth").equals(depth));
        }
        assertThat(roles()).containsOnly("LOOKING");
        assertThat(browser.findElements(By.cssSelector("#nodes .node[data-node='1'] td"))).extracting(WebElement::getText).contains("vote");
        assertThat(browser.findElements(By.cssSelector("#diagram g.msg.delivered"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#diagram g.msg.in-flight"))).isNotEmpty();
        screenshot("debugger-election.png");

        // Back in time: the state after the three starts, by the history tree.
        String afterStarts = browser.findElements(By.cssSelector("#tree a.state")).get(3).getAttribute("data-state");
        click("#tree a.state[data-state='" + afterStarts + "']");
        eventually("the state after three steps", () -> text("state-id").equals(afterStarts) && text("depth").equals("3"));
        // Another event than the one taken then: a branch.
        List<WebElement> runs = browser.findElements(By.cssSelector("button.event[data-action=run]"));
        runs.get(runs.size() - 1).click();
        eventually("a branch in the tree", () -> text("depth").equals("4")
                && !browser.findElements(By.xpath("//span[@class='branch-mark' and text()='branch from #" + afterStarts + "']")).isEmpty());
        // And back by the diagram's step numbers: row 2.
        String two = browser.findElements(By.cssSelector("#diagram text.row-label")).get(2).getAttribute("data-state");
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                browser.findElement(By.cssSelector("#diagram text.row-label[data-state='" + two + "']")));
        eventually("step 2, from the diagram", () -> text("depth").equals("2"));
        // A fault: crash server 1.
        click("#faults button[data-action=crash][data-node='1']");
        eventually("server 1 down", () -> roles().get(0).equals("down"));
        screenshot("debugger-branch.png");

        // A trace the election search saved for its broken variant: it opens at its last state.
        String trace = resource("fle-3-stale-vote.trace");
        click("#trace-box summary");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('trace-text').value = arguments[0]", trace);
        click("#open-trace");
        eventually("the trace's scenario and its 16 steps", () -> text("scenario").equals("fle-3-stale-vote") && text("depth").equals("16"));
        assertThat(text("note")).contains("no server follows a leader whose log is behind its own");
        // The violation: server 1, whose log is the longest, follows server 3.
        eventually("server 1 following server 3", () -> roles().get(0).equals("FOLLOWING")
                && browser.findElement(By.cssSelector("#nodes .node[data-node='1'] ul.state")).getText().contains("FOLLOWING for n3"));
        click("#trace-box summary"); // folded again, for the screenshot
        screenshot("debugger-trace.png");
        saveDiagram("debugger-trace.svg");

        // Zab from the form: one write, stepped until its PROPOSAL is in the diagram.
        new Select(browser.findElement(By.id("kind"))).selectByValue("zab");
        WebElement writes = browser.findElement(By.id("writes"));
        writes.clear();
        writes.sendKeys("1");
        click("#load");
        eventually("the Zab scenario", () -> text("scenario").equals("zab-3-1w") && roles().contains("LEADING"));
        click("button.event.act[data-action=run]");
        eventually("a PROPOSAL on its way", () -> browser.findElements(By.cssSelector("#diagram g.msg text")).stream()
                .anyMatch(t -> t.getText().contains("PROPOSAL")));
        // Deliver messages and complete disk writes, oldest first, until the leader's COMMITs are out.
        for (int step = 2; step <= 12 && !diagramShows("COMMIT"); step++) {
            String depth = String.valueOf(step);
            click("button.event.message[data-action=run], button.event.disk[data-action=run]");
            eventually("step " + step + " of the write", () -> text("depth").equals(depth));
        }
        assertThat(diagramShows("ACK")).isTrue();
        assertThat(diagramShows("COMMIT")).as("the write is committed within 12 steps").isTrue();
        screenshot("debugger-zab.png");
        saveDiagram("debugger-zab.svg");
        assertThat(text("error")).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private List<String> roles() {
        return browser.findElements(By.cssSelector("#nodes .node[data-node] h3 .badge:first-child")).stream().map(WebElement::getText).toList();
    }

    private boolean diagramShows(String message) {
        return browser.findElements(By.cssSelector("#diagram g.msg text")).stream().anyMatch(t -> t.getText().contains(message));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private void click(String css) {
        browser.findElement(By.cssSelector(css)).click();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DebuggerBrowserTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(TARGET);
        Files.write(TARGET.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** The sequence diagram alone, as an SVG file: the page draws it self-contained. */
    private void saveDiagram(String name) throws IOException {
        Object svg = ((JavascriptExecutor) browser).executeScript(
                "return new XMLSerializer().serializeToString(document.querySelector('#diagram svg'))");
        assertThat(svg).asString().startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        Files.writeString(TARGET.resolve(name), svg + "\n");
    }

    private void eventually(String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            Path shot = TARGET.resolve("debugger-failure.png");
            try {
                screenshot(shot.getFileName().toString());
            } catch (IOException | RuntimeException ignored) {
                // the timeout is the failure worth reporting
            }
            throw new AssertionError("the debugger did not show " + what + " within " + PATIENCE.toSeconds() + " s (screenshot: " + shot
                    + "; error box: " + browser.findElement(By.id("error")).getText() + ")", e);
        }
    }
}
