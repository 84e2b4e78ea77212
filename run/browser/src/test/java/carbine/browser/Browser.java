package carbine.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Debian's chromedriver (never a browser or driver downloaded by a tool).
 * Missing ones are installed with apt when running as root; otherwise the test fails saying what to install.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    Browser(int width, int height) throws IOException {
        ensureInstalled();
        profile = Files.createTempDirectory("carbine-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    static synchronized void ensureInstalled() throws IOException {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) return;
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            try {
                Process p = new ProcessBuilder("apt-get", "install", "-y", "chromium", "chromium-driver")
                        .redirectErrorStream(true).redirectOutput(Path.of("target", "apt-chromium.log").toFile()).start();
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The browser tests need Debian's Chromium and its driver: missing "
                    + (Files.isExecutable(CHROMIUM) ? "" : CHROMIUM + " ") + (Files.isExecutable(CHROMEDRIVER) ? "" : CHROMEDRIVER)
                    + ". Install them with: sudo apt-get install -y chromium chromium-driver");
        }
    }

    void open(String url) {
        driver.get(url);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Text of the first element matching, or null (also when the page re-rendered it meanwhile). */
    String text(String css) {
        try {
            List<WebElement> e = all(css);
            return e.isEmpty() ? null : e.get(0).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return null;
        }
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    Path screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("browser.target", "target"), "screenshots");
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var s = Files.walk(profile)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // Chromium may still hold a file for a moment; the directory is in /tmp
            }
        }
    }
}
