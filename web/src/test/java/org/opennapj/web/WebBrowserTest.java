package org.opennapj.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opennapj.web.WebServer.TIMEOUT;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Level;

/**
 * The web page in a real browser: Debian's Chromium, headless, driven through the system's
 * chromedriver (installed by scripts/install-test-browser.sh; nothing is downloaded). Without it the
 * test is skipped, except on CI, where it fails. With the system property
 * {@code opennapj.screenshots} set to a folder, it saves the status and moderation pages there as
 * PNGs (README's pictures: scripts/web-screenshots.sh).
 */
class WebBrowserTest {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final String PASSWORD = "test-pw";

    @TempDir
    Path dir;
    @TempDir
    Path profile;

    private WebDriver browser;

    @BeforeEach
    void browser() {
        boolean present = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must run the browser tests, but " + CHROMEDRIVER + " or " + CHROMIUM
                    + " is missing: scripts/install-test-browser.sh did not install them");
        }
        Assumptions.assumeTrue(present, "browser tests skipped: " + CHROMEDRIVER + " or " + CHROMIUM + " is missing"
                + " (run scripts/install-test-browser.sh as root)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1100,760");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(TIMEOUT);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebElement waitFor(By what) {
        return new WebDriverWait(browser, TIMEOUT).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private void fill(String id, String text) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    private void screenshot(String name) throws Exception {
        String folder = System.getProperty("opennapj.screenshots");
        if (folder != null && !folder.isBlank()) {
            File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), Path.of(folder).resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void registerOnThePageLogInFromAClientThenAModeratorKillsAndBansIt() throws Exception {
        WebServer.createAccount(dir, "mod", PASSWORD, Level.MODERATOR);
        WebServer.createAccount(dir, "boss", PASSWORD, Level.ADMIN);
        WebServer.createAccount(dir, "alice", PASSWORD, Level.USER);
        Files.writeString(dir.resolve("motd"), "Welcome! Be nice; share music.\n");
        // registered nicks only: carol gets in only with the account the page made
        try (WebServer web = WebServer.start(dir, "server_name", "napster.example.org", "registered_only", "on");
             ServerSession boss = web.loggedIn("boss", PASSWORD);
             ServerSession alice = web.loggedIn("alice", PASSWORD)) {
            boss.send(MessageType.JOIN.code(), "#music");
            boss.expect(TIMEOUT, MessageType.JOIN_ACK.code());
            boss.send(MessageType.CHANNEL_TOPIC.code(), "#music <script>alert('topic')</script> 70s funk tonight");
            boss.await(TIMEOUT, m -> m.type() == MessageType.CHANNEL_TOPIC.code(), "410");
            alice.send(MessageType.JOIN.code(), "#music");
            alice.expect(TIMEOUT, MessageType.JOIN_ACK.code());

            // a visitor registers carol on the page
            browser.get(web.url("/register"));
            fill("nick", "carol");
            fill("password", "carol-pw");
            fill("email", "carol@example.org");
            browser.findElement(By.id("register")).click();
            assertThat(waitFor(By.id("notice")).getText()).contains("Registered carol");

            // the topic a user wrote is text on the page, not a script
            WebElement channels = waitFor(By.id("channels"));
            assertThat(channels.getText()).contains("#music").contains("<script>alert('topic')</script>");
            assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
            assertThat(browser.findElement(By.id("users")).getText()).isEqualTo("2");
            assertThat(web.login("carol", "wrong-pw", null).data()).contains("Invalid Password");

            // carol logs in from a client over the protocol
            ServerSession carol = web.loggedIn("carol", "carol-pw");
            browser.navigate().refresh();
            assertThat(waitFor(By.id("users")).getText()).isEqualTo("3");
            screenshot("web-status.png");

            // a moderator signs in on the page, kills carol, then bans her
            browser.get(web.url("/signin"));
            fill("nick", "mod");
            fill("password", PASSWORD);
            browser.findElement(By.id("signin")).click();
            WebElement row = waitFor(By.xpath("//table[@id='users']//tr[td[@class='nick' and text()='carol']]"));
            row.findElement(By.name("reason")).sendKeys("flooding #music");
            row.findElement(By.name("kill")).click();
            assertThat(waitFor(By.id("notice")).getText()).isEqualTo("Done: kill carol: flooding #music");
            List<Message> last = WebPageTest.untilClosed(carol);
            assertThat(last).anyMatch(m -> m.data().contains("You have been killed by mod: flooding #music"));
            WebPageTest.awaitNotice(boss, "mod killed carol: flooding #music");

            fill("ban-target", "carol");
            fill("ban-reason", "flooding, again");
            browser.findElement(By.id("ban")).click();
            assertThat(waitFor(By.id("notice")).getText()).isEqualTo("Done: ban carol: flooding, again");
            assertThat(waitFor(By.id("bans")).getText()).contains("carol!*").contains("flooding, again");
            WebPageTest.awaitNotice(boss, "mod banned carol!*: flooding, again");
            browser.manage().window().setSize(new Dimension(1280, 1180));   // the whole page in the picture
            screenshot("web-moderation.png");

            // the ban refuses carol's next login
            ServerSession[] opened = new ServerSession[1];
            Message refused = web.login("carol", "carol-pw", opened);
            assertThat(refused.type()).isEqualTo(MessageType.ERROR.code());
            assertThat(refused.data()).contains("You are banned from this server: carol!* banned: flooding, again");
            assertThat(opened[0]).isNull();
        }
    }
}
