package carbine.driver.bambu.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS of a Bambu printer's MQTT port. The printer's certificate is issued by a Bambu Lab CA and carries the
 * printer's <b>serial</b> as its name (CN), while clients connect by IP address (Doridian/OpenBambuAPI
 * {@code tls.md}, "Who is the certificate issued to?"). So the usual host-name check (name = the address dialled)
 * cannot work; instead the chain is checked against the Bambu CAs and the leaf's CN (or a DNS subject alternative
 * name) must equal the configured serial.
 */
final class BambuTls {
    static final String SHIPPED_CA = "bambu-ca.pem";
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    private BambuTls() {}

    /** The certificate names a different printer than the configured serial. */
    static final class NameMismatchException extends CertificateException {
        private static final long serialVersionUID = 1L;
        final String presented;

        NameMismatchException(String presented, String serial) {
            super("the printer's certificate is for '" + presented + "', not for the serial '" + serial + "'");
            this.presented = presented;
        }
    }

    /** The socket factory for these settings. */
    static SSLSocketFactory socketFactory(BambuSettings settings) throws IOException, GeneralSecurityException {
        X509TrustManager trust = settings.verifyCertificate()
                ? new SerialTrustManager(caTrustManager(certificates(settings.caFile())), settings.serial())
                : new TrustAnything();
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        return context.getSocketFactory();
    }

    /** The CA certificates of a PEM file, or of the shipped Bambu CA bundle when {@code file} is null. */
    static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
        String pem;
        if (file == null) {
            try (InputStream in = BambuTls.class.getResourceAsStream(SHIPPED_CA)) {
                if (in == null) {
                    throw new IOException("the bundle's " + SHIPPED_CA + " is missing");
                }
                pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        } else {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(1));
            certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        if (certificates.isEmpty()) {
            throw new CertificateException((file == null ? SHIPPED_CA : file.toString())
                    + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    private static X509TrustManager caTrustManager(List<X509Certificate> cas) throws GeneralSecurityException,
            IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** The names a certificate is issued to: its subject's CN values and its DNS subject alternative names. */
    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            // no CN then
        }
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (alternative.size() == 2 && Integer.valueOf(2).equals(alternative.get(0))) {
                        names.add(String.valueOf(alternative.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no alternative names then
        }
        return names;
    }

    /**
     * Checks the chain against the CAs without any host-name check (the 2-argument methods of the JDK's trust
     * manager do none), then the serial against the leaf's names.
     */
    static final class SerialTrustManager extends X509ExtendedTrustManager {
        private final X509TrustManager cas;
        private final String serial;

        SerialTrustManager(X509TrustManager cas, String serial) {
            this.cas = cas;
            this.serial = serial;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            cas.checkServerTrusted(chain, authType);
            List<String> names = names(chain[0]);
            for (String name : names) {
                if (name.equalsIgnoreCase(serial)) {
                    return;
                }
            }
            throw new NameMismatchException(names.isEmpty() ? "(no name)" : String.join(", ", names), serial);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return cas.getAcceptedIssuers();
        }
    }

    /** verifyCertificate=false: encryption without authentication, the user's explicit choice. */
    static final class TrustAnything extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
