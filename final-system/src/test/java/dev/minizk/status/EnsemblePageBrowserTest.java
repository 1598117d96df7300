package dev.minizk.status;

import dev.minizk.cli.Main;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real three-server ensemble ({@code minizk ensemble}: three server processes) seen through a
 * follower's status page in headless Chromium: the panel shows a leader and two followers side by
 * side and the writes chart moves; dismissed confirms (a pause, a partition of two ticked groups)
 * inject nothing; the leader's kill -9
 * button, confirmed, kills it: its card turns unreachable, another member leads, and the kill is
 * on the page's timeline and in every other member's fault log. The picture is kept in
 * {@code target/ensemble-page.png}.
 */
@Timeout(240)
class EnsemblePageBrowserTest {
    static final Path SCREENSHOT = Path.of(System.getProperty("basedir", "."), "target", "ensemble-page.png");
    static final Path FAILURE_SCREENSHOT = SCREENSHOT.resolveSibling("ensemble-page-failure.png");
    static final Duration PATIENCE = Duration.ofSeconds(30);
    /** A line of the ensemble command: {@code server 2: 127.0.0.2:PORT  follower  pid N  status page URL  log ...}. */
    private static final Pattern SERVER_LINE = Pattern.compile("server (\\d): (\\S+)\\s+(\\S+)\\s+pid (\\d+)\\s+status page (\\S+)\\s.*");

    @TempDir
    Path dir;

    WebDriver browser;

    @Test
    void aFollowersPageShowsTheEnsembleAndKillsTheLeader() throws Exception {
        Path log = dir.resolve("ensemble.log");
        Process ensemble = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "ensemble", "--data", dir.resolve("data").toString(), "--tick-time", "200")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> servers = List.of();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(log).contains("connect string: ") || !ensemble.isAlive());
            String output = Files.readString(log);
            assertThat(output).contains("leader: server ");
            servers = ensemble.children().toList(); // ours to stop, by pid, whatever happens below
            Map<Integer, String> pages = new TreeMap<>();
            int leader = 0;
            for (String line : output.lines().toList()) {
                Matcher m = SERVER_LINE.matcher(line);
                if (m.matches()) {
                    pages.put(Integer.parseInt(m.group(1)), m.group(5));
                    leader = m.group(3).equals("leader") ? Integer.parseInt(m.group(1)) : leader;
                }
            }
            assertThat(pages).hasSize(3);
            int watcher = leader == 1 ? 2 : 1;      // the page we look at: a follower's, which survives the kill
            int third = 6 - leader - watcher;

            browser = Chromium.start(Files.createDirectories(dir.resolve("profile")));
            browser.get(pages.get(watcher));
            int theLeader = leader;
            eventually("a leader and two followers side by side", () -> cards("leader") == 1 && cards("follower") == 2
                    && !browser.findElements(By.cssSelector(".member-card[data-member='" + theLeader + "'][data-role='leader']")).isEmpty());
            writes(output.lines().filter(l -> l.startsWith("connect string: ")).findFirst().orElseThrow().substring(16));
            eventually("the writes on the chart", () -> Double.parseDouble(browser.findElement(By.id("chart-writes")).getAttribute("data-max")) > 0);
            assertThat(browser.findElement(By.id("timeline-empty")).isDisplayed()).isTrue();

            // Asked and dismissed: nothing happens.
            Alert pause = clickAndConfirm(leader, "pause");
            assertThat(pause.getText()).startsWith("Pause server " + leader + " with SIGSTOP?");
            pause.dismiss();
            browser.findElement(By.cssSelector("#partition-side input[value='" + third + "']")).click();
            browser.findElement(By.cssSelector("#partition-others input[value='" + leader + "']")).click();
            browser.findElement(By.id("fault-partition")).click();
            Alert partition = browser.switchTo().alert();
            assertThat(partition.getText()).isEqualTo("Cut every link between server " + third + " and server " + leader + "?");
            partition.dismiss();
            assertThat(faultLog(pages.get(third))).doesNotContain("\"action\"");

            Alert kill = clickAndConfirm(leader, "kill");
            assertThat(kill.getText()).startsWith("Kill server " + leader + " with SIGKILL (kill -9)?");
            kill.accept();
            eventually("the killed leader unreachable", () -> !browser.findElements(
                    By.cssSelector(".member-card[data-member='" + theLeader + "'][data-role='unreachable']")).isEmpty());
            eventually("the kill on the timeline", () -> browser.findElement(By.cssSelector("#timeline li[data-action='kill']")).getText()
                    .contains("kill server " + theLeader));
            eventually("a new leader", () -> cards("leader") == 1 && cards("follower") == 1 && cards("unreachable") == 1);
            assertThat(browser.findElement(By.id("fault-result")).getText()).contains("server " + leader + " (pid ", "killed (SIGKILL)");
            assertThat(faultLog(pages.get(third))).contains("\"action\":\"kill\"", "\"by\":\"the page of server " + watcher + "\"");

            eventually("this page's own role settled", () -> !browser.findElement(By.id("role")).getText().equalsIgnoreCase("looking"));
            Files.createDirectories(SCREENSHOT.getParent());
            Files.write(SCREENSHOT, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            assertThat(Files.size(SCREENSHOT)).isPositive();
        } finally {
            if (browser != null) {
                browser.quit();
            }
            ensemble.destroy(); // SIGTERM: the command stops the servers it started
            if (!ensemble.waitFor(30, TimeUnit.SECONDS)) {
                ensemble.destroyForcibly();
            }
            servers.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Twenty creates through the stock client, so the writes chart has something to show. */
    private static void writes(String connectString) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        try {
            assertThat(connected.await(20, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 20; i++) {
                zk.create("/demo-" + i, ("write " + i).getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
        } finally {
            zk.close();
        }
    }

    private int cards(String role) {
        return browser.findElements(By.cssSelector(".member-card[data-role='" + role + "']")).size();
    }

    /** Clicks a fault button of a member's card (redrawn each second: retried while stale) and returns the confirm dialog. */
    private Alert clickAndConfirm(int member, String action) {
        By button = By.cssSelector(".member-card[data-member='" + member + "'] button[data-action='" + action + "']");
        eventually("the " + action + " button clicked", () -> {
            browser.findElement(button).click();
            return true;
        });
        Alert[] alert = new Alert[1];
        eventually("the confirm dialog of " + action, () -> (alert[0] = browser.switchTo().alert()) != null);
        return alert[0];
    }

    private static String faultLog(String page) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page + "api/ensemble/faults"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** Polls a browser condition; on a timeout it keeps a screenshot of what the page showed ({@link #FAILURE_SCREENSHOT}). */
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
            throw new AssertionError("the ensemble's page did not show " + what + " within " + PATIENCE.toSeconds()
                    + " s (screenshot: " + FAILURE_SCREENSHOT + ")", e);
        }
    }
}
