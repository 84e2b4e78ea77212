package carbine.notify.internal;

import static carbine.notify.internal.Fixtures.alert;
import static carbine.notify.internal.Fixtures.event;
import static carbine.notify.internal.Fixtures.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.wiser.Wiser;
import org.subethamail.wiser.WiserMessage;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import carbine.api.alert.Severity;
import carbine.api.notify.Notification;
import carbine.api.notify.Notification.Change;
import carbine.notify.internal.AlertEvents.Type;
import carbine.notify.internal.EmailNotifier.Security;
import carbine.notify.internal.EmailNotifier.Settings;

/**
 * The e-mail channel against a real SMTP server in this process (GreenMail), with TLS on a certificate made for the
 * test (so that the channel checks the certificate and the host name as it does in production), and with a login.
 * GreenMail has no STARTTLS (its SMTP server knows HELO, EHLO, AUTH, MAIL, RCPT, DATA, ...): it shows that STARTTLS is
 * required (a server that does not offer it gets nothing); SubEtha SMTP, which requires STARTTLS before AUTH and MAIL,
 * shows the default security with a login.
 */
class EmailNotifierTest {
    static final String PASSWORD = "pa55-w0rd-of-the-relay";
    static final String WRONG = "wrong-pa55-w0rd";
    static final String HOST = "127.0.0.1";

    static SSLSocketFactory trusting;
    static SSLContext serving;

    @TempDir
    Path dir;
    GreenMail mail;
    final List<Outbox> outboxes = new ArrayList<>();

    final Notification critical = notification(Change.RAISED,
            alert("a1", "printer-1", "HARD_FAILURE", Severity.CRITICAL),
            alert("a2", "printer-2", "HARD_FAILURE", Severity.CRITICAL));

    /** A key pair for 127.0.0.1 and localhost, made with the JDK's keytool; GreenMail serves it, the channel trusts it. */
    @BeforeAll
    static void certificate(@TempDir Path keys) throws Exception {
        Path store = keys.resolve("smtp.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "greenmail", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        System.setProperty("greenmail.tls.keystore.file", store.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        serving = SSLContext.getInstance("TLS");
        serving.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        trusting = tls.getSocketFactory();
    }

    @AfterEach
    void stop() {
        outboxes.forEach(Outbox::close);
        if (mail != null) {
            mail.stop();
        }
    }

    GreenMail start(String protocol) {
        mail = new GreenMail(new ServerSetup(0, HOST, protocol).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("carbine@example.org", "carbine", PASSWORD));
        mail.start();
        return mail;
    }

    int port() {
        return mail.getSmtps() != null ? mail.getSmtps().getPort() : mail.getSmtp().getPort();
    }

    Settings settings(Security security, String password) throws Exception {
        return settings(security, password, port());
    }

    Settings settings(Security security, String password, int port) throws Exception {
        return new Settings(HOST, port, security, "carbine", password, new InternetAddress("Carbine <carbine@example.org>"),
                List.of(InternetAddress.parse("ops@example.org, night-shift@example.org")));
    }

    @Test
    void tlsWithLoginDeliversThePlainTextToEveryRecipient() throws Exception {
        start(ServerSetup.PROTOCOL_SMTPS);
        EmailNotifier email = new EmailNotifier(settings(Security.TLS, PASSWORD), trusting);
        email.send(critical);

        assertThat(mail.waitForIncomingEmail(10_000, 2)).as("one copy per recipient").isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getFrom()).extracting(a -> ((InternetAddress) a).getAddress()).containsExactly("carbine@example.org");
        assertThat(m.getRecipients(Message.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("ops@example.org", "night-shift@example.org");
        assertThat(m.getSubject()).isEqualTo("CRITICAL: HARD_FAILURE on 2 printers");
        assertThat(m.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(m.getHeader("X-Carbine-Notification-Id")).containsExactly("n-1");
        String body = ((String) m.getContent()).replace("\r\n", "\n");
        assertThat(body).startsWith("CRITICAL: HARD_FAILURE on 2 printers\n\n")
                .contains("printer-1: hard_failure on printer-1 (CRITICAL, rules HARD_FAILURE, raised")
                .contains("printer-2: hard_failure on printer-2 (CRITICAL");
        assertThat(Arrays.stream(mail.getReceivedMessages()).map(r -> {
            try {
                return r.getSubject();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })).containsOnly("CRITICAL: HARD_FAILURE on 2 printers");
        assertThat(email.toString()).contains("****").doesNotContain(PASSWORD);
    }

    @Test
    void starttlsIsTheDefaultAndCarriesTheLogin() throws Exception {
        List<String> logins = new CopyOnWriteArrayList<>();
        Wiser wiser = Wiser.create(SMTPServer.port(0).bindAddress(java.net.InetAddress.getByName(HOST))
                .enableTLS().requireTLS().startTlsSocketFactory(serving).requireAuth()
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
                    if (!user.equals("carbine") || !password.equals(PASSWORD)) {
                        throw new LoginFailedException();
                    }
                    logins.add(user);
                })));
        wiser.start();
        try {
            List<String> errors = new ArrayList<>();
            int port = wiser.getServer().getPortAllocated();
            Settings defaults = EmailNotifier.settings(Map.of("host", HOST, "port", Integer.toString(port),
                    "username", "carbine", "password", PASSWORD, "from", "carbine@example.org", "to",
                    "ops@example.org"), errors);
            assertThat(errors).isEmpty();
            assertThat(defaults.security()).isEqualTo(Security.STARTTLS);
            new EmailNotifier(defaults, trusting).send(critical);

            List<WiserMessage> got = wiser.getMessages();
            assertThat(got).hasSize(1);
            assertThat(got.get(0).getEnvelopeSender()).isEqualTo("carbine@example.org");
            assertThat(got.get(0).getEnvelopeReceiver()).isEqualTo("ops@example.org");
            assertThat(got.get(0).getMimeMessage().getSubject()).isEqualTo("CRITICAL: HARD_FAILURE on 2 printers");
            assertThat(logins).containsExactly("carbine");

            assertThatThrownBy(() -> new EmailNotifier(settings(Security.STARTTLS, WRONG, port), trusting)
                    .send(critical)).isInstanceOf(DeliveryException.class).hasMessageContaining("refused")
                    .hasMessageNotContaining(WRONG);
            assertThat(wiser.getMessages()).hasSize(1);
        } finally {
            wiser.stop();
        }
    }

    @Test
    void aServerWithoutStarttlsGetsNothingNotEvenTheLogin() throws Exception {
        start(ServerSetup.PROTOCOL_SMTP);
        EmailNotifier email = new EmailNotifier(settings(Security.STARTTLS, PASSWORD), trusting);
        assertThatThrownBy(() -> email.send(critical)).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("STARTTLS").hasMessageContaining(HOST + ":" + port())
                .hasMessageNotContaining(PASSWORD);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aWrongPasswordFailsIsRetriedByTheOutboxAndNeverLogged() throws Exception {
        start(ServerSetup.PROTOCOL_SMTPS);
        List<LogRecord> libraryLog = captureLibraryLog();
        Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
        Fixtures.Reports reports = new Fixtures.Reports();
        Outbox outbox = Outbox.open(dir.resolve(Outbox.FILE_NAME));
        outboxes.add(outbox);
        Router router = new Router(clock, outbox, Runnable::run, new Router.RetryPolicy(Duration.ofSeconds(10),
                Duration.ofSeconds(80), 5, Duration.ofMinutes(5)), reports, Optional::empty);
        EmailNotifier email = new EmailNotifier(settings(Security.TLS, WRONG), trusting);
        router.add(new Router.Channel("email-1", "email 'test'", email, Routing.DEFAULTS));

        router.onAlertEvent(event(Type.RAISED, alert("a1", "farm-01", "HARD_FAILURE", Severity.CRITICAL)));
        router.onAlertEvent(event(Type.RAISED, alert("a2", "farm-02", "HARD_FAILURE", Severity.CRITICAL)));
        clock.advance(Duration.ofSeconds(31));
        router.tick();
        assertThat(mail.getReceivedMessages()).isEmpty();
        assertThat(reports.lines).anySatisfy(l -> assertThat(l).startsWith("WARN ")
                .contains("delivery failed, will retry").contains("login as 'carbine' refused"));

        assertThat(attempts(outbox)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        router.tick();
        assertThat(attempts(outbox)).as("no retry before the back-off (10 s)").isEqualTo(1);
        clock.advance(Duration.ofSeconds(6));
        router.tick();
        assertThat(attempts(outbox)).as("retried after it, refused again").isEqualTo(2);
        assertThat(mail.getReceivedMessages()).isEmpty();

        // the relay's administrator sets the password the channel has: the next retry (20 s later) delivers
        mail.getUserManager().getUser("carbine").setPassword(WRONG);
        clock.advance(Duration.ofSeconds(21));
        router.tick();
        assertThat(outbox.next("email-1", clock.instant())).as("delivered: gone from the outbox").isEmpty();
        assertThat(mail.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("CRITICAL: HARD_FAILURE on 2 printers");
        assertThat(((String) m.getContent())).contains("farm-01: ").contains("farm-02: ");
        assertThat(reports.lines).anySatisfy(l -> assertThat(l).contains("delivers again"));
        clock.advance(Duration.ofMinutes(10));
        router.tick();
        assertThat(mail.getReceivedMessages()).as("delivered once, to two recipients").hasSize(2);

        assertThat(libraryLog).as("the library's own log was captured").isNotEmpty();
        List<String> everything = new ArrayList<>(reports.lines);
        reports.events.forEach(e -> everything.add(e.toString()));
        libraryLog.forEach(r -> everything.add(r.getMessage() + " " + Arrays.toString(r.getParameters()) + " "
                + r.getThrown()));
        assertThat(everything).noneSatisfy(l -> assertThat(l).contains(WRONG))
                .noneSatisfy(l -> assertThat(l).contains(PASSWORD));
    }

    static int attempts(Outbox outbox) throws Exception {
        return outbox.next("email-1", Instant.parse("2100-01-01T00:00:00Z")).orElseThrow().attempts();
    }

    /** Every record Jakarta Mail and Angus log, at every level (their protocol trace included). */
    static List<LogRecord> captureLibraryLog() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(Level.ALL);
        for (String name : List.of("org.eclipse.angus.mail", "jakarta.mail", "jakarta.activation")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.ALL);
            logger.addHandler(handler);
            KEPT.add(logger); // JUL holds loggers weakly: keep the configured ones
        }
        return records;
    }

    static final List<Logger> KEPT = new CopyOnWriteArrayList<>();

    @Test
    void configurationErrorsNameThePropertyButNeverThePassword() {
        List<String> errors = new ArrayList<>();
        assertThat(EmailNotifier.create(Map.of("host", "mail.example.org", "security", "none", "from", "a@example.org",
                "to", "b@example.org"), errors)).isNull();
        assertThat(errors).singleElement().asString().contains("security = none").contains("localhost");
        errors.clear();
        assertThat(EmailNotifier.create(Map.of("host", "mail.example.org", "username", "carbine", "from",
                "not an address", "to", "b@example.org, also not one"), errors)).isNull();
        assertThat(errors).hasSize(3).anySatisfy(e -> assertThat(e).contains("password is missing"))
                .anySatisfy(e -> assertThat(e).contains("property from"))
                .anySatisfy(e -> assertThat(e).contains("property to"));
        errors.clear();
        assertThat(EmailNotifier.settings(Map.of("password", PASSWORD, "host", "h", "port", "99999", "security",
                "ssl"), errors)).isNull();
        assertThat(errors).hasSize(5).noneSatisfy(e -> assertThat(e).contains(PASSWORD));

        errors.clear();
        Settings tls = EmailNotifier.settings(Map.of("host", "smtp.example.org", "security", "tls", "username", "u",
                "password", PASSWORD, "from", "carbine@example.org", "to", new String[] {"a@example.org", "b@example.org"}),
                errors);
        assertThat(errors).isEmpty();
        assertThat(tls.port()).as("implicit TLS defaults to 465").isEqualTo(465);
        assertThat(tls.to()).hasSize(2);
        assertThat(tls.toString()).doesNotContain(PASSWORD);
        Settings local = EmailNotifier.settings(Map.of("host", "localhost", "security", "none", "from",
                "carbine@example.org", "to", "a@example.org"), errors);
        assertThat(errors).isEmpty();
        assertThat(local.port()).isEqualTo(587);
        assertThat(new EmailNotifier(tls).toString()).contains("smtp.example.org:465 (tls)").contains("****")
                .doesNotContain(PASSWORD);
    }
}
