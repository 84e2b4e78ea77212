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

    private static Optional<InetAddress> lanAddress() throws Exception {
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
