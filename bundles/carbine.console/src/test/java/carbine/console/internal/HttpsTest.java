package carbine.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keystores behind {@code carbine.https}: made with the JDK's keytool, kept, opened with clear refusals. */
class HttpsTest {
    @TempDir
    Path data;

    @Test
    void aSelfSignedCertificateIsMadeOnceKeptPrivateAndKept() throws Exception {
        Https.Keystore first = Https.selfSigned(data);
        Path file = data.resolve(Https.SELF_SIGNED_FILE);
        assertThat(first.file()).isEqualTo(file);
        assertThat(first.type()).isEqualTo("PKCS12");
        assertThat(first.names()).contains("localhost", "127.0.0.1");
        assertThat(first.certificate().getSubjectX500Principal().getName()).contains("O=Carbine");
        // ten years, so that nobody is locked out by an expiry they never chose
        assertThat(first.certificate().getNotAfter().toInstant())
                .isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(3600)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                data.resolve(Https.SELF_SIGNED_FILE + ".password")))).isEqualTo("rw-------");
        assertThat(first.toString()).doesNotContain(first.password());
        assertThat(first.password()).hasSizeGreaterThanOrEqualTo(24);

        Https.Keystore again = Https.selfSigned(data);
        assertThat(Https.fingerprint(again.certificate())).as("a restart keeps the certificate a browser trusts")
                .isEqualTo(Https.fingerprint(first.certificate()));
        assertThat(Https.fingerprint(first.certificate())).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");

        Files.delete(file);
        assertThat(Https.fingerprint(Https.selfSigned(data).certificate())).as("deleted: a new one")
                .isNotEqualTo(Https.fingerprint(first.certificate()));
    }

    @Test
    void aGivenKeystoreIsOpenedWithItsPasswordOrRefusedClearly() throws Exception {
        Https.Keystore made = Https.selfSigned(data);
        String password = made.password();

        Https.Keystore given = Https.given(made.file(), password);
        assertThat(Https.fingerprint(given.certificate())).isEqualTo(Https.fingerprint(made.certificate()));

        assertThatThrownBy(() -> Https.given(made.file(), null)).hasMessageContaining(Https.PASSWORD_ENV)
                .hasMessageContaining("never on the command line");
        assertThatThrownBy(() -> Https.given(made.file(), "wrong-password"))
                .hasMessageContaining("wrong password").hasMessageNotContaining(password);
        assertThatThrownBy(() -> Https.given(data.resolve("missing.p12"), password))
                .hasMessageContaining("cannot read the keystore");
        Path garbage = Files.writeString(data.resolve("garbage.p12"), "not a keystore");
        assertThatThrownBy(() -> Https.given(garbage, password)).hasMessageContaining("cannot open the keystore");
    }

    @Test
    void thePortIsANumberOrRefused() {
        assertThat(Https.port(null)).isEqualTo(8443);
        assertThat(Https.port(" 9443 ")).isEqualTo(9443);
        assertThatThrownBy(() -> Https.port("https")).hasMessageContaining("is not a port number");
        assertThatThrownBy(() -> Https.port("70000")).hasMessageContaining("is not a port number");
    }
}
