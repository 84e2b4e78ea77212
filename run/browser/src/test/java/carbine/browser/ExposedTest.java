package carbine.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * Carbine bound to all interfaces, as a farm runs it on the shop network (issue 9): nothing opens without the admin
 * login, not the dashboard, not the API, from loopback or from the machine's LAN address; the ready line says so.
 */
class ExposedTest {
    @Test
    void boundToAllInterfacesEveryPageNeedsTheLoginAndTheReadyLineSaysSo() throws Exception {
        Path home = CarbineProcess.freshHome("exposed");
        int port = CarbineProcess.freePort();
        try (CarbineProcess carbine = CarbineProcess.launch(home, port,
                CarbineProcess.command(home, port, "-Dorg.apache.felix.http.host=0.0.0.0"), true)) {
            String ready = Await.until(Duration.ofSeconds(90), "the ready line", () -> {
                assertThat(carbine.process.isAlive()).as(carbine.tail()).isTrue();
                return Files.readAllLines(carbine.log).stream().filter(l -> l.contains("Carbine is ready")).findFirst()
                        .orElse(null);
            });
            assertThat(ready).contains("HTTP listens on all interfaces: reachable from the network; "
                    + "a login (user admin) is required for everything");

            for (String path : new String[] {"/", "/api/v1/printers", "/api/v1/printer/status", "/system/console/bundles", "/metrics"}) {
                HttpResponse<String> anonymous = carbine.get(path);
                assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
                assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(path).isPresent();
                assertThat(anonymous.body()).as(path).doesNotContain("printer-1");
            }
            assertThat(carbine.getAsAdmin("/").statusCode()).isEqualTo(200);
            assertThat(carbine.getAsAdmin("/api/v1/printers").body()).contains("printer-1");
            assertThat(carbine.getAsAdmin("/metrics").body()).contains("carbine_printer_online{printer=\"printer-1\"}");

            // the same from the machine's own network address, where the LAN reaches it
            Optional<InetAddress> lan = lanAddress();
            if (lan.isPresent()) {
                HttpResponse<String> fromLan = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + lan.get().getHostAddress() + ":" + port + "/api/v1/printers")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(fromLan.statusCode()).as("from " + lan.get()).isEqualTo(401);
            } else {
                System.out.println("[ExposedTest] no non-loopback IPv4 address here: checked through loopback only");
            }
        }
    }

    /**
     * A person at a browser on the LAN: the dashboard sends them to the login page; a wrong password is refused on the
     * page; a viewer (written to {@code data/users} in the documented format) logs in, sees the fleet and their name,
     * has no Acknowledge to press, and logs out.
     */
    @Test
    void aBrowserLogsInThroughTheLoginPageAndOut() throws Exception {
        Path home = CarbineProcess.freshHome("exposed-login");
        int port = CarbineProcess.freePort();
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/users"), "vera\tviewer\t" + pbkdf2("vera-views-the-farm") + "\n");
        // a printer that fails at once: an open alert a viewer could otherwise acknowledge
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/carbine.simulator-hot.cfg"), "printerId=hot-1\nscenario=overheat\nphaseSeconds=5\n");
        try (CarbineProcess carbine = CarbineProcess.launch(home, port,
                CarbineProcess.command(home, port, "-Dorg.apache.felix.http.host=0.0.0.0"), true);
                Browser b = new Browser(1366, 900)) {
            Await.until(Duration.ofSeconds(90), "the ready line", () -> {
                assertThat(carbine.process.isAlive()).as(carbine.tail()).isTrue();
                return Files.readAllLines(carbine.log).stream().anyMatch(l -> l.contains("Carbine is ready")) ? true : null;
            });
            b.open(carbine.base + "/printer/hot-1");
            Await.until(Duration.ofSeconds(20), "the login page", () -> b.all("form input#password").isEmpty() ? null : true);
            assertThat(b.driver.getCurrentUrl()).contains("/login?next=%2Fprinter%2Fhot-1");

            login(b, "vera", "wrong-password-here");
            Await.until(Duration.ofSeconds(20), "the refusal", () -> b.text("#login-error"));
            assertThat(b.text("#login-error")).isEqualTo("Wrong user name or password.");

            login(b, "vera", "vera-views-the-farm");
            Await.until(Duration.ofSeconds(30), "the printer page after the login", () ->
                    b.driver.getCurrentUrl().endsWith("/printer/hot-1") && "vera".equals(b.text("header .user")) ? true : null);
            b.open(carbine.base + "/");
            Await.until(Duration.ofSeconds(60), "the overheat alert on the overview", () ->
                    b.all("[data-alert][data-severity]").isEmpty() ? null : true);
            b.screenshot("exposed-viewer");
            assertThat(b.all("vaadin-button.ack").stream().filter(e -> e.isDisplayed()).toList())
                    .as("a viewer has no Acknowledge button").isEmpty();

            b.driver.findElement(org.openqa.selenium.By.cssSelector("header a.logout")).click();
            Await.until(Duration.ofSeconds(20), "the login page again", () -> b.all("form input#password").isEmpty() ? null : true);
            b.open(carbine.base + "/");
            Await.until(Duration.ofSeconds(20), "still logged out", () -> b.driver.getCurrentUrl().contains("/login") ? true : null);
            assertThat(Files.readString(carbine.log)).contains("User 'vera' (viewer) logged in to the dashboard")
                    .doesNotContain("vera-views-the-farm");
        }
    }

    private static void login(Browser b, String user, String password) {
        b.driver.findElement(org.openqa.selenium.By.id("user")).clear();
        b.driver.findElement(org.openqa.selenium.By.id("user")).sendKeys(user);
        b.driver.findElement(org.openqa.selenium.By.id("password")).sendKeys(password);
        b.driver.findElement(org.openqa.selenium.By.id("login")).click();
    }

    /** A password hash as bundles/carbine.console/README.md documents the users file: pbkdf2-sha256:iterations:salt:hash. */
    private static String pbkdf2(String password) throws Exception {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        int iterations = 210_000;
        byte[] hash = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        return "pbkdf2-sha256:" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(hash);
    }

    /** This machine's first non-loopback IPv4 address (the one the shop network reaches), if it has one. */
    static Optional<InetAddress> lanAddress() throws Exception {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
