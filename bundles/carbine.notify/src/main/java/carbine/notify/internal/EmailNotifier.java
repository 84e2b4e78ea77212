package carbine.notify.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

import javax.net.ssl.SSLSocketFactory;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import carbine.api.notify.Notification;
import carbine.api.notify.Notifier;

/**
 * Sends a plain-text e-mail through an SMTP server with Jakarta Mail (Eclipse Angus Mail, embedded in this bundle):
 * the subject is the notification's title, the body the title and the lines of the alerts. STARTTLS is required
 * unless {@code security} says otherwise ({@code tls}: TLS from the first byte, port 465; {@code none}: plain, only to
 * this machine); the server's certificate and host name are checked against the JDK's trust store.
 *
 * <p>Jakarta Mail and Activation look up their providers (SMTP, the stream provider, mailcap) with
 * {@link java.util.ServiceLoader} and the thread context class loader; in OSGi that loader is not this bundle's, so it
 * is set to the bundle's around every call into the library.
 */
final class EmailNotifier implements Notifier, AutoCloseable {
    static final int SUBMISSION_PORT = 587;
    static final int SMTPS_PORT = 465;
    static final String DEFAULT_SECURITY = "starttls";
    static final int TIMEOUT_MILLIS = (int) Http.TIMEOUT.toMillis();

    enum Security {
        STARTTLS, TLS, NONE
    }

    record Settings(String host, int port, Security security, String username, String password, InternetAddress from,
            List<InternetAddress> to) {
        @Override
        public String toString() { // never the password
            return "Settings[" + host + ":" + port + ", " + security + ", user " + username + ", password "
                    + Secrets.mask(password) + ", from " + from + ", to " + to + "]";
        }
    }

    private final Settings settings;
    private final Session session;

    EmailNotifier(Settings settings) {
        this(settings, null);
    }

    /** @param sslSocketFactory the TLS sockets to use (tests: trusting their own server's certificate); null: the JDK's */
    EmailNotifier(Settings settings, SSLSocketFactory sslSocketFactory) {
        this.settings = settings;
        Properties p = new Properties();
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", Integer.toString(settings.port()));
        p.put("mail.smtp.connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        p.put("mail.smtp.timeout", Integer.toString(TIMEOUT_MILLIS));
        p.put("mail.smtp.writetimeout", Integer.toString(TIMEOUT_MILLIS));
        p.put("mail.smtp.auth", Boolean.toString(!settings.username().isEmpty()));
        switch (settings.security()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true"); // never fall back to plain text (and a plain login)
            }
            case TLS -> p.put("mail.smtp.ssl.enable", "true");
            case NONE -> { }
        }
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        if (sslSocketFactory != null) {
            p.put("mail.smtp.ssl.socketFactory", sslSocketFactory);
        }
        this.session = withOurClassLoader(() -> Session.getInstance(p));
    }

    static EmailNotifier create(Map<String, ?> properties, List<String> errors) {
        Settings s = settings(properties, errors);
        return errors.isEmpty() ? new EmailNotifier(s) : null;
    }

    /** The settings, or null after adding to {@code errors} (which name properties, never the password). */
    static Settings settings(Map<String, ?> properties, List<String> errors) {
        String host = Props.required(properties, "host", "the SMTP server's host name", errors);
        String securityText = Props.text(properties, "security");
        Security security = Security.STARTTLS;
        if (!securityText.isEmpty()) {
            try {
                security = Security.valueOf(securityText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add("property security = '" + securityText + "' is not starttls, tls or none");
            }
        }
        if (security == Security.NONE && !host.isEmpty() && !isLoopback(host)) {
            errors.add("property security = none is only allowed for a server on this machine (localhost), not '"
                    + host + "': use starttls or tls");
        }
        String portText = Props.text(properties, "port");
        int port = security == Security.TLS ? SMTPS_PORT : SUBMISSION_PORT;
        if (!portText.isEmpty()) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = 0;
            }
            if (port < 1 || port > 65535) {
                errors.add("property port = '" + portText + "' is not a port number (1-65535)");
            }
        }
        String username = Props.text(properties, "username");
        String password = Props.text(properties, "password");
        if (username.isEmpty() != password.isEmpty()) {
            errors.add(username.isEmpty() ? "property password is set but username is missing"
                    : "property password is missing for username '" + username + "'");
        }
        InternetAddress from = null;
        String fromText = Props.required(properties, "from", "the sender's e-mail address", errors);
        if (!fromText.isEmpty()) {
            try {
                from = new InternetAddress(fromText, true);
            } catch (AddressException e) {
                errors.add("property from = '" + fromText + "' is not an e-mail address (" + e.getMessage() + ")");
            }
        }
        List<InternetAddress> to = new ArrayList<>();
        String toText = addressList(properties.get("to"));
        if (toText.isEmpty()) {
            errors.add("property to is missing; it must be one or more e-mail addresses, comma-separated");
        } else {
            try {
                to.addAll(List.of(InternetAddress.parse(toText, true)));
            } catch (AddressException e) {
                errors.add("property to = '" + toText + "' is not a list of e-mail addresses (" + e.getMessage() + ")");
            }
        }
        return errors.isEmpty() ? new Settings(host, port, security, username, password, from, List.copyOf(to)) : null;
    }

    /** {@code to} as one comma-separated text, whether it came as a string (a .cfg file) or a list (the form). */
    private static String addressList(Object raw) {
        if (raw == null) {
            return "";
        }
        Collection<?> items = raw instanceof Object[] a ? List.of(a) : raw instanceof Collection<?> c ? c : List.of(raw);
        return String.join(",", items.stream().map(o -> o.toString().trim()).filter(t -> !t.isEmpty()).toList());
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }

    /** The e-mail of a notification (not yet sent). */
    MimeMessage message(Notification n) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(settings.from());
        m.setRecipients(Message.RecipientType.TO, settings.to().toArray(InternetAddress[]::new));
        m.setSubject(n.title(), "UTF-8");
        m.setText(n.title() + "\n\n" + n.body() + "\n", "UTF-8");
        m.setHeader(WebhookNotifier.ID_HEADER, n.id());
        m.setSentDate(new Date());
        return m;
    }

    @Override
    public void send(Notification n) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(EmailNotifier.class.getClassLoader());
        try (Transport transport = session.getTransport("smtp")) {
            MimeMessage m = message(n);
            m.saveChanges();
            transport.connect(settings.host(), settings.port(), settings.username().isEmpty() ? null
                    : settings.username(), settings.password().isEmpty() ? null : settings.password());
            transport.sendMessage(m, m.getAllRecipients());
        } catch (MessagingException e) {
            throw new DeliveryException(describe(e));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** What went wrong, with the server's answer but without the password. */
    private String describe(MessagingException e) {
        String what = e instanceof AuthenticationFailedException ? "login as '" + settings.username() + "' refused"
                : e instanceof SendFailedException ? "message refused" : "no delivery";
        StringBuilder b = new StringBuilder("SMTP ").append(where()).append(": ").append(what);
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                b.append(t == e ? ": " : "; ").append(t == e ? "" : t.getClass().getSimpleName() + " ")
                        .append(m.strip());
            }
        }
        return Texts.cut(Secrets.redact(b.toString(), settings.password()), 500);
    }

    private String where() {
        return settings.host() + ":" + settings.port() + " (" + settings.security().name().toLowerCase(Locale.ROOT)
                + ")";
    }

    private static <T> T withOurClassLoader(Supplier<T> action) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(EmailNotifier.class.getClassLoader());
        try {
            return action.get();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public void close() {
        // a connection lives only during one send
    }

    @Override
    public String toString() {
        return "e-mail through " + where() + (settings.username().isEmpty() ? ""
                : " as '" + settings.username() + "' with password " + Secrets.mask(settings.password()))
                + " from " + settings.from().getAddress() + " to " + settings.to().size() + " address"
                + (settings.to().size() == 1 ? "" : "es");
    }
}
