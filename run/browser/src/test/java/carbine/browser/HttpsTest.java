package carbine.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;

/**
 * HTTPS as one setting (issue 9), on the built carbine.jar bound to all interfaces as on a shop network: a client that
 * trusts exactly the fingerprint Carbine printed gets every page over TLS with the security headers and a
 * {@code Secure} login cookie; the certificate survives a restart; plain HTTP from the LAN is sent to HTTPS, from
 * this machine it still answers; the keystore's password is in no log and not shown by the Web Console. A keystore
 * of one's own is served with its password from the environment; a wrong password is one clear error and plain HTTP
 * keeps working.
 */
class HttpsTest {
    private static final Pattern FINGERPRINT = Pattern.compile("SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})");

    @Test
    void selfSignedHttpsIsServedWithThePrintedFingerprintAndKeptAcrossRestarts() throws Exception {
        Path home = CarbineProcess.freshHome("https-self-signed");
        int port = CarbineProcess.freePort();
        int securePort = CarbineProcess.freePort();
        List<String> command = CarbineProcess.command(home, port, "-Dorg.apache.felix.http.host=0.0.0.0",
                "-Dcarbine.https=self-signed", "-Dorg.osgi.service.http.port.secure=" + securePort);
        String fingerprint;
        try (CarbineProcess carbine = CarbineProcess.launch(home, port, command, true)) {
            fingerprint = printedFingerprint(carbine, securePort, 0);
            HttpClient pinned = pinnedClient(fingerprint);
            String https = "https://127.0.0.1:" + securePort;

            HttpResponse<String> printers = Await.until(Duration.ofSeconds(60), "the printers over HTTPS", () -> {
                HttpResponse<String> r = pinned.send(asAdmin(https + "/api/v1/printers").build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 && r.body().contains("printer-1") ? r : null;
            });
            assertThat(printers.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(printers.headers().firstValue("Content-Security-Policy")).isPresent();
            assertThat(pinned.send(HttpRequest.newBuilder(URI.create(https + "/api/v1/printers")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("no login, no printers").isEqualTo(401);

            // the dashboard's login over HTTPS: the session cookie is Secure (never sent over plain HTTP)
            HttpResponse<String> login = pinned.send(HttpRequest.newBuilder(URI.create(https + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=admin&password=" + CarbineProcess.PASSWORD + "&next=/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                    .startsWith("carbine-session=").contains("HttpOnly").contains("Secure"));
            // a hostile page's form, over HTTPS too
            assertThat(pinned.send(asAdmin(https + "/api/v1/alerts/1/ack").header("Origin", "https://evil.example")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(403);

            // a client that trusts the usual certificate authorities only is refused: this is TLS, self-signed
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(https + "/")).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);

            // plain HTTP: this machine's scripts keep it; the LAN is sent to HTTPS before any password crosses it
            assertThat(carbine.getAsAdmin("/api/v1/printers").statusCode()).isEqualTo(200);
            Optional<InetAddress> lan = ExposedTest.lanAddress();
            if (lan.isPresent()) {
                String address = lan.get().getHostAddress();
                HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                HttpResponse<String> sent = plain.send(HttpRequest.newBuilder(
                        URI.create("http://" + address + ":" + port + "/api/v1/printers?x=1")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(sent.statusCode()).isEqualTo(302);
                assertThat(sent.headers().firstValue("Location"))
                        .hasValue("https://" + address + ":" + securePort + "/api/v1/printers?x=1");
                HttpResponse<String> post = plain.send(asAdmin("http://" + address + ":" + port + "/api/v1/alerts/1/ack")
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(post.statusCode()).isEqualTo(403);
                assertThat(post.body()).contains("HTTPS only");
                // and over HTTPS from the LAN address, the certificate names it
                assertThat(pinned.send(asAdmin("https://" + address + ":" + securePort + "/api/v1/printers").build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            } else {
                System.out.println("[HttpsTest] no non-loopback IPv4 address here: the LAN redirect is not checked");
            }

            String ready = Await.until(Duration.ofSeconds(60), "the ready line", () -> Files.readAllLines(carbine.log)
                    .stream().filter(l -> l.contains("Carbine is ready")).findFirst().orElse(null));
            assertThat(ready).contains("HTTPS");

            // the keystore's password: owner-only file, in no log, masked by the Web Console
            Path passwordFile = carbine.data.resolve("https-self-signed.p12.password");
            String password = Files.readString(passwordFile).trim();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    carbine.data.resolve("https-self-signed.p12")))).isEqualTo("rw-------");
            HttpResponse<String> jettyConfig = pinned.send(asAdmin(https
                    + "/system/console/configMgr/org.apache.felix.http.json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(jettyConfig.statusCode()).isEqualTo(200);
            assertThat(jettyConfig.body()).contains("org.apache.felix.https.keystore").doesNotContain(password);
            HttpResponse<String> status = pinned.send(asAdmin(https
                    + "/system/console/status-Configurations.txt").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(status.body()).doesNotContain(password);
            assertThat(Files.readString(carbine.log)).doesNotContain(password);
            assertThat(Files.readString(carbine.data.resolve("carbine.log"))).doesNotContain(password);
        }

        // a restart keeps the certificate: the fingerprint a person checked once stays true
        long before = Files.size(home.resolve("carbine.out"));
        try (CarbineProcess again = CarbineProcess.launch(home, port, command, true)) {
            assertThat(printedFingerprint(again, securePort, before)).isEqualTo(fingerprint);
            HttpClient pinned = pinnedClient(fingerprint);
            Await.until(Duration.ofSeconds(60), "HTTPS after the restart", () -> pinned.send(
                    asAdmin("https://127.0.0.1:" + securePort + "/api/v1/printers").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        }
    }

    @Test
    void aKeystoreOfOnesOwnIsServedAndAWrongPasswordIsOneClearError() throws Exception {
        Path home = CarbineProcess.freshHome("https-own");
        Path keystore = home.resolve("farm.p12");
        String password = "keystore-of-the-farm-" + System.nanoTime();
        keytool(keystore, password, "carbine.farm.example");
        X509Certificate expected = certificate(keystore, password);

        int port = CarbineProcess.freePort();
        int securePort = CarbineProcess.freePort();
        List<String> command = CarbineProcess.command(home, port, "-Dcarbine.https=" + keystore,
                "-Dorg.osgi.service.http.port.secure=" + securePort);
        try (CarbineProcess carbine = CarbineProcess.launch(home, port, command, true,
                Map.of("CARBINE_HTTPS_PASSWORD", password))) {
            String fingerprint = printedFingerprint(carbine, securePort, 0);
            assertThat(fingerprint).isEqualTo(fingerprint(expected));
            HttpClient pinned = pinnedClient(fingerprint);
            Await.until(Duration.ofSeconds(60), "the dashboard over HTTPS", () -> pinned.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + securePort + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            assertThat(Files.readString(carbine.log)).doesNotContain(password);
        }

        long before = Files.size(home.resolve("carbine.out"));
        try (CarbineProcess wrong = CarbineProcess.launch(home, port, command, true,
                Map.of("CARBINE_HTTPS_PASSWORD", "not-the-password"))) {
            wrong.awaitReady();
            String run = wrong.since(before);
            assertThat(run).contains("HTTPS is NOT on").contains("wrong password")
                    .contains("Carbine serves plain HTTP only").doesNotContain("not-the-password");
            assertThat(wrong.get("/").statusCode()).as("plain HTTP still serves").isEqualTo(200);
            // and the HTTPS of the earlier start is gone, not served with old settings
            Await.until(Duration.ofSeconds(30), "the HTTPS port closed", () -> {
                try {
                    pinnedClient(fingerprint(expected)).send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + securePort + "/")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return null;
                } catch (ConnectException closed) {
                    return true;
                }
            });
        }
    }

    /** The fingerprint of the "HTTPS on port N ..." line written after byte {@code offset} of the output. */
    private static String printedFingerprint(CarbineProcess carbine, int securePort, long offset) {
        return Await.until(Duration.ofSeconds(90), "the HTTPS line with the fingerprint", () -> {
            assertThat(carbine.process.isAlive()).as(carbine.tail()).isTrue();
            for (String line : carbine.since(offset).split("\n")) {
                Matcher m = FINGERPRINT.matcher(line);
                if (line.contains("HTTPS on port " + securePort) && m.find()) {
                    return m.group(1);
                }
            }
            return null;
        });
    }

    private static HttpRequest.Builder asAdmin(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + CarbineProcess.PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    /** A client that trusts one certificate: the one whose SHA-256 fingerprint a person read off Carbine's log. */
    private static HttpClient pinnedClient(String fingerprint) throws Exception {
        X509TrustManager pinned = new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType)
                    throws java.security.cert.CertificateException {
                try {
                    if (!fingerprint(chain[0]).equals(fingerprint)) {
                        throw new java.security.cert.CertificateException("not the certificate Carbine printed");
                    }
                } catch (java.security.GeneralSecurityException e) {
                    throw new java.security.cert.CertificateException(e);
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException();
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {pinned}, null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static String fingerprint(X509Certificate certificate) throws java.security.GeneralSecurityException {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /** A keystore as a person makes one with the JDK's keytool (or converts from their CA's files). */
    private static void keytool(Path keystore, String password, String name) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-noprompt", "-alias", "farm", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=" + name, "-ext", "SAN=dns:" + name + ",ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass:env", "KS_PASSWORD"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("KS_PASSWORD", password);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private static X509Certificate certificate(Path keystore, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, password.toCharArray());
        }
        return (X509Certificate) ks.getCertificate("farm");
    }
}
