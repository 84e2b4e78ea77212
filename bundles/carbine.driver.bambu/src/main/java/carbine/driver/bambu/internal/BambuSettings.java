package carbine.driver.bambu.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import carbine.config.Configs;

/**
 * A Bambu driver's configuration after validation.
 *
 * @param host              the printer's address
 * @param serial            the printer's serial: its topics' middle part and its certificate's name
 * @param accessCode        the MQTT password of user {@code bblp}; never logged ({@link #toString()} masks it)
 * @param caFile            PEM file of the CAs to trust; null: the Bambu CAs shipped in the bundle
 * @param verifyCertificate false: any certificate, any name (encrypted, not authenticated)
 */
record BambuSettings(String printerId, String host, int port, String serial, String accessCode, Path caFile,
        boolean verifyCertificate) {
    static final String USER = "bblp";
    /** The default of {@code verifyCertificate} (see {@link Config#verifyCertificate()}). */

    /** The outcome of validating a configuration: settings, or the reasons why there are none. */
    record Validation(BambuSettings settings, List<String> errors, List<String> warnings) {
        boolean isValid() {
            return settings != null;
        }
    }

    /**
     * Validates raw configuration properties. A missing {@code printerId}, {@code host}, {@code serial} or
     * {@code accessCode} is an error (no default makes sense); a bad {@code port} or {@code verifyCertificate} is a
     * warning and falls back to the default; a {@code caFile} that cannot be read is an error (trusting the shipped
     * CAs instead would hide the mistake).
     */
    static Validation from(Map<String, ?> properties) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        String printerId = text(properties.get("printerId"));
        if (printerId.isEmpty()) {
            errors.add("property printerId is missing (the id of the printer in this Carbine)");
        }
        String host = text(properties.get("host"));
        if (host.isEmpty()) {
            errors.add("property host is missing (the printer's IP address or host name)");
        } else if (!host.matches("[A-Za-z0-9._:\\-\\[\\]%]+")) {
            errors.add("property host = '" + host + "' is invalid (an IP address or host name, without scheme, "
                    + "port or path)");
        }
        String serial = text(properties.get("serial"));
        if (serial.isEmpty()) {
            errors.add("property serial is missing (the printer's serial number, e.g. 01P00A000000001)");
        } else if (!serial.matches("[A-Za-z0-9\\-_]+")) {
            // it goes into MQTT topics: a + # or / would change what is subscribed
            errors.add("property serial = '" + serial + "' is invalid (letters and digits only)");
        }
        String accessCode = text(properties.get("accessCode"));
        if (accessCode.isEmpty()) {
            errors.add("property accessCode is missing (the LAN access code shown on the printer)");
        }

        Config config = Configs.read(Config.class, properties, problem -> warnings.add(problem.invalid()));
        int port = config.port();
        boolean verify = config.verifyCertificate();

        Path caFile = null;
        String ca = text(properties.get("caFile"));
        if (!ca.isEmpty()) {
            caFile = Path.of(ca);
            if (!java.nio.file.Files.isReadable(caFile)) {
                errors.add("property caFile = '" + ca + "' cannot be read (no such file, or not readable)");
            }
        }
        BambuSettings settings = errors.isEmpty()
                ? new BambuSettings(printerId, host, port, serial, accessCode, caFile, verify) : null;
        return new Validation(settings, List.copyOf(errors), List.copyOf(warnings));
    }

    /** Paho's server URI. */
    String brokerUri() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "ssl://" + h + ":" + port;
    }

    /** host:port for messages. */
    String where() {
        return host + ":" + port;
    }

    String reportTopic() {
        return "device/" + serial + "/report";
    }

    String requestTopic() {
        return "device/" + serial + "/request";
    }

    /** The value of {@code carbine.driver.name}. */
    String driverName() {
        return "bambu " + printerId;
    }

    @Override
    public String toString() {
        return "BambuSettings[printerId=" + printerId + ", host=" + host + ", port=" + port + ", serial=" + serial
                + ", accessCode=***, caFile=" + (caFile == null ? "(Bambu CAs)" : caFile) + ", verifyCertificate="
                + verifyCertificate + "]";
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }
}
