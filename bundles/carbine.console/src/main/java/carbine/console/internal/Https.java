package carbine.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import carbine.api.Carbine;

/**
 * HTTPS as one setting: {@code -Dcarbine.https=self-signed} (Carbine makes a certificate once, keeps it in the data
 * directory and prints its SHA-256 fingerprint at every start) or {@code -Dcarbine.https=/path/to/keystore.p12}
 * (the user's own, its password in the environment variable {@value #PASSWORD_ENV}). The port is
 * {@code org.osgi.service.http.port.secure} (default {@value #DEFAULT_PORT}).
 * <p>
 * Felix's Jetty reads its HTTPS settings from the configuration {@value #JETTY_PID}, which this component writes
 * (and deletes when the setting is gone). There, unlike in a system property, the Web Console shows the keystore
 * password as {@code ********}. Plain HTTP stays on for this machine's own scripts; {@link SiteGuard} sends other
 * clients to HTTPS.
 */
@Component(service = Https.class, immediate = true)
public class Https {
    static final String SETTING = "carbine.https";
    static final String PASSWORD_ENV = "CARBINE_HTTPS_PASSWORD";
    static final String PORT_PROPERTY = "org.osgi.service.http.port.secure";
    static final int DEFAULT_PORT = 8443;
    static final String JETTY_PID = "org.apache.felix.http";
    /** Marks the Jetty configuration as written here, so that it is removed with the setting and nothing else. */
    static final String MANAGED = "carbine.https.managed";
    static final String SELF_SIGNED_FILE = "https-self-signed.p12";

    private final Logger logger;
    private volatile int port = -1;

    @Activate
    public Https(BundleContext context, @Reference ConfigurationAdmin configAdmin,
            @Reference(service = LoggerFactory.class) Logger logger) {
        this.logger = logger;
        String setting = context.getProperty(SETTING);
        try {
            Configuration jetty = configAdmin.getConfiguration(JETTY_PID, "?");
            if (setting == null || setting.isBlank() || setting.trim().equalsIgnoreCase("off")) {
                Dictionary<String, Object> old = jetty.getProperties();
                if (old != null && old.get(MANAGED) != null) {
                    jetty.delete();
                    logger.info("HTTPS is off ({} not set): the HTTPS settings of an earlier start are removed", SETTING);
                }
                return;
            }
            int wanted = port(context.getProperty(PORT_PROPERTY));
            Keystore keystore = setting.trim().equalsIgnoreCase("self-signed")
                    ? selfSigned(Carbine.dataDirectory(context))
                    : given(Path.of(setting.trim()), System.getenv(PASSWORD_ENV));
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(MANAGED, "true");
            props.put("org.apache.felix.https.enable", "true");
            props.put(PORT_PROPERTY, Integer.toString(wanted));
            props.put("org.apache.felix.https.keystore", keystore.file().toAbsolutePath().toString());
            props.put("org.apache.felix.https.keystore.type", keystore.type());
            props.put("org.apache.felix.https.keystore.password", keystore.password());
            props.put("org.apache.felix.https.keystore.key.password", keystore.password());
            jetty.updateIfDifferent(props);
            port = wanted;
            logger.info("HTTPS on port {} with {}; certificate for {}, valid until {}; SHA-256 fingerprint {}", wanted,
                    keystore.description(), keystore.names(), keystore.certificate().getNotAfter().toInstant(),
                    fingerprint(keystore.certificate()));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            logger.error("HTTPS is NOT on ({}={}): {}. Carbine serves plain HTTP only.", SETTING, setting,
                    e.getMessage());
            try { // not the HTTPS of an earlier start either: the line above must be true
                Configuration jetty = configAdmin.getConfiguration(JETTY_PID, "?");
                Dictionary<String, Object> old = jetty.getProperties();
                if (old != null && old.get(MANAGED) != null) {
                    jetty.delete();
                }
            } catch (IOException | RuntimeException ignored) {
                // nothing more to undo
            }
        }
    }

    /** The HTTPS port when this component configured HTTPS, else empty. */
    OptionalInt port() {
        int p = port;
        return p < 0 ? OptionalInt.empty() : OptionalInt.of(p);
    }

    static int port(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int p = Integer.parseInt(value.trim());
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(PORT_PROPERTY + "=" + value + " is not a port number (0-65535)");
    }

    /** A keystore Jetty can open: its file, type, password, and the certificate it will present. */
    record Keystore(Path file, String type, String password, X509Certificate certificate, String description) {
        @Override
        public String toString() { // never the password
            return "Keystore[" + file + ", " + type + "]";
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            try {
                if (certificate.getSubjectAlternativeNames() != null) {
                    certificate.getSubjectAlternativeNames().forEach(n -> names.add(String.valueOf(n.get(1))));
                }
            } catch (java.security.cert.CertificateParsingException e) {
                // then the subject alone
            }
            return names.isEmpty() ? List.of(certificate.getSubjectX500Principal().getName()) : names;
        }
    }

    /**
     * The user's keystore (PKCS#12, or JKS by its {@code .jks} name), opened here first so that a wrong path or
     * password is one clear line instead of a Jetty stack trace. Its first key entry is the one served.
     */
    static Keystore given(Path file, String password) throws IOException, GeneralSecurityException {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the keystore's password is not set: put it in the environment variable "
                    + PASSWORD_ENV + " (never on the command line, where every user of the machine sees it)");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read the keystore " + file.toAbsolutePath());
        }
        String type = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        X509Certificate certificate = firstKeyCertificate(file, type, password);
        return new Keystore(file, type, password, certificate, "the keystore " + file.toAbsolutePath());
    }

    /**
     * The self-signed certificate in {@code <data>/}{@value #SELF_SIGNED_FILE}, made on the first start with the
     * JDK's {@code keytool} (EC P-256, 10 years, for this machine's names and addresses), its random password beside
     * it; both readable by the owner only. Kept across starts, so the fingerprint a browser was told to trust stays.
     */
    static Keystore selfSigned(Path data) throws IOException, GeneralSecurityException {
        Path file = data.resolve(SELF_SIGNED_FILE);
        Path passwordFile = data.resolve(SELF_SIGNED_FILE + ".password");
        if (!Files.exists(file) || !Files.exists(passwordFile)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            makeSelfSigned(file, password, names(), addresses());
            PrivateFile.write(passwordFile, password + "\n");
        }
        String password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        X509Certificate certificate = firstKeyCertificate(file, "PKCS12", password);
        return new Keystore(file, "PKCS12", password, certificate, "a self-signed certificate (" + file
                + "; delete it and its .password file for a new one)");
    }

    private static void makeSelfSigned(Path file, String password, Set<String> dnsNames, Set<String> ips)
            throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalStateException("no keytool at " + keytool + " to make a self-signed certificate; give a "
                    + "keystore of your own instead (" + SETTING + "=/path/to/keystore.p12)");
        }
        StringBuilder san = new StringBuilder();
        dnsNames.forEach(n -> san.append(san.isEmpty() ? "" : ",").append("dns:").append(n));
        ips.forEach(a -> san.append(san.isEmpty() ? "" : ",").append("ip:").append(a));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-noprompt", "-alias", "carbine",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                "-dname", "CN=" + dnsNames.iterator().next() + ", O=Carbine", "-ext", "SAN=" + san,
                "-storetype", "PKCS12", "-keystore", tmp.toString(),
                // the password through the environment, not the command line (which others see in ps)
                "-storepass:env", "CARBINE_KEYSTORE_PASSWORD");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("CARBINE_KEYSTORE_PASSWORD", password);
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool could not make the self-signed certificate: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool made the certificate");
        }
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the data directory's own permissions apply
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static X509Certificate firstKeyCertificate(Path file, String type, String password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        } catch (IOException e) {
            // a wrong password shows as an IOException whose cause is an UnrecoverableKeyException
            throw new IllegalArgumentException("cannot open the keystore " + file.toAbsolutePath()
                    + " (wrong password, or not a " + type + " keystore): " + e.getMessage());
        }
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                Certificate c = store.getCertificate(alias);
                if (c instanceof X509Certificate x) {
                    return x;
                }
            }
        }
        throw new IllegalArgumentException("the keystore " + file.toAbsolutePath() + " holds no private key with a "
                + "certificate");
    }

    /** {@code AB:CD:...}, as browsers show a certificate's SHA-256 fingerprint. */
    static String fingerprint(X509Certificate certificate) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    /** The names a browser may use: this machine's, {@code localhost}. The first is the certificate's subject. */
    private static Set<String> names() {
        Set<String> names = new LinkedHashSet<>(SiteGuard.machineNames());
        names.removeIf(n -> n.isBlank() || n.equals("localhost"));
        Set<String> ordered = new LinkedHashSet<>();
        names.stream().sorted().forEach(ordered::add);
        ordered.add("localhost");
        return ordered;
    }

    /** Loopback and this machine's IP addresses now (a later new address still works once the fingerprint is trusted). */
    private static Set<String> addresses() {
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        String ip = a.getHostAddress();
                        int zone = ip.indexOf('%');
                        ips.add(zone < 0 ? ip : ip.substring(0, zone));
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            // loopback only
        }
        try {
            ips.add(InetAddress.getLocalHost().getHostAddress());
        } catch (UnknownHostException e) {
            // as above
        }
        return ips;
    }
}
