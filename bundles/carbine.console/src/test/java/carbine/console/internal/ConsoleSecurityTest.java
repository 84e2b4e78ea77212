package carbine.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSecurityTest {
    @TempDir
    Path dir;

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsOnlyAdminWithTheRightPassword() {
        ConsoleSecurity security = new ConsoleSecurity(AdminPassword.of("s3cret-printer-farm"));
        assertThat(security.accepts(basic("admin", "s3cret-printer-farm"))).isTrue();
        assertThat(security.accepts(basic("admin", "s3cret-printer-farm"))).as("again, from the cache").isTrue();
        assertThat(security.accepts(basic("admin", "wrong-password"))).isFalse();
        assertThat(security.accepts(basic("root", "s3cret-printer-farm"))).isFalse();
        assertThat(security.accepts(basic("admin", "admin"))).isFalse();
        assertThat(security.accepts("Basic %%%not-base64")).isFalse();
        assertThat(security.accepts("Bearer abc")).isFalse();
    }

    @Test
    void felixDefaultPasswordIsRefusedEverywhere() {
        assertThatThrownBy(() -> AdminPassword.of("admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdminPassword.of("short")).isInstanceOf(IllegalArgumentException.class);
        assertThat(AdminPassword.of("long-enough-1").matches("admin")).isFalse();
    }

    @Test
    void storedHashSurvivesAndHoldsNoPlainText() throws Exception {
        Path file = dir.resolve("console-admin.pwd");
        AdminPassword.of("s3cret-printer-farm").write(file);
        String content = Files.readString(file);
        assertThat(content).startsWith("pbkdf2-sha256:210000:").doesNotContain("s3cret");
        AdminPassword read = AdminPassword.read(file).orElseThrow();
        assertThat(read.matches("s3cret-printer-farm")).isTrue();
        assertThat(read.matches("s3cret-printer-farm!")).isFalse();
    }

    @Test
    void aMalformedHashFileIsAnErrorNotReplaced() throws Exception {
        Path file = dir.resolve("console-admin.pwd");
        Files.writeString(file, "admin\n");
        assertThatThrownBy(() -> AdminPassword.read(file)).hasMessageContaining("not a Carbine password hash");
        assertThat(Files.readString(file)).isEqualTo("admin\n");
    }

    @Test
    void generatedPasswordsAreLongAndDiffer() {
        String a = AdminPassword.generate();
        assertThat(a).hasSize(20);
        assertThat(AdminPassword.generate()).isNotEqualTo(a);
        assertThat(AdminPassword.of(a).matches(a)).isTrue();
    }
}
