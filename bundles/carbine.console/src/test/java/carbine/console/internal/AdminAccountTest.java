package carbine.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminAccountTest {
    @TempDir
    Path dir;

    private final Logs logs = new Logs();

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** No tokens, and a file that is never written (none is created). */
    static ApiTokens noTokens() {
        try {
            return new ApiTokens(Path.of("target", "never-written-api-tokens"), Clock.systemUTC());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-05T08:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void acceptsOnlyAdminWithTheRightPassword() {
        AdminAccount account = new AdminAccount(AdminPassword.of("s3cret-printer-farm"), noTokens(), Clock.systemUTC(), logs.logger());
        assertThat(account.check(basic("admin", "s3cret-printer-farm"), "10.0.0.1")).isInstanceOf(AdminAccount.Accepted.class);
        assertThat(account.check(basic("admin", "s3cret-printer-farm"), "10.0.0.1")).as("again, from the cache")
                .isInstanceOf(AdminAccount.Accepted.class);
        assertThat(account.check(basic("admin", "wrong-password"), "10.0.0.1")).isInstanceOf(AdminAccount.Refused.class);
        assertThat(account.check(basic("root", "s3cret-printer-farm"), "10.0.0.1")).isInstanceOf(AdminAccount.Refused.class);
        assertThat(account.check(basic("admin", "admin"), "10.0.0.1")).isInstanceOf(AdminAccount.Refused.class);
        assertThat(account.check("Basic %%%not-base64", "10.0.0.1")).isInstanceOf(AdminAccount.Refused.class);
        assertThat(account.check("Bearer abc", "10.0.0.1")).isInstanceOf(AdminAccount.Refused.class);
        assertThat(account.check(null, "10.0.0.1")).isInstanceOf(AdminAccount.Refused.class);
    }

    @Test
    void guessingIsLockedOutPerClientAndUserAndLogged() {
        TestClock clock = new TestClock();
        AdminAccount account = new AdminAccount(AdminPassword.of("s3cret-printer-farm"), noTokens(), clock, logs.logger());
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(account.check(basic("admin", "guess-" + i), "10.0.0.66")).isInstanceOf(AdminAccount.Refused.class);
        }
        assertThat(logs.lines).singleElement().asString().startsWith("WARN 5 failed logins for user 'admin' from 10.0.0.66")
                .doesNotContain("guess-");

        // locked: even the right password is not checked from that client, for that user
        assertThat(account.check(basic("admin", "s3cret-printer-farm"), "10.0.0.66"))
                .isEqualTo(new AdminAccount.Throttled(Duration.ofSeconds(1)));
        // another client is not locked out by the guesser
        assertThat(account.check(basic("admin", "s3cret-printer-farm"), "10.0.0.7")).isInstanceOf(AdminAccount.Accepted.class);
        account.forgetVerified();

        clock.now = clock.now.plusSeconds(1);
        assertThat(account.check(basic("admin", "guess-6"), "10.0.0.66")).isInstanceOf(AdminAccount.Refused.class);
        assertThat(account.check(basic("admin", "guess-7"), "10.0.0.66")).as("the lock doubled")
                .isEqualTo(new AdminAccount.Throttled(Duration.ofSeconds(2)));
        clock.now = clock.now.plusSeconds(2);
        assertThat(account.check(basic("admin", "s3cret-printer-farm"), "10.0.0.66")).isInstanceOf(AdminAccount.Accepted.class);
        account.forgetVerified();
        assertThat(account.check(basic("admin", "wrong"), "10.0.0.66")).as("a success starts over")
                .isInstanceOf(AdminAccount.Refused.class);
        assertThat(logs.lines).hasSize(2).noneMatch(l -> l.contains("s3cret"));
    }

    @Test
    void aSuccessFromTheCacheAlsoStartsOver() {
        AdminAccount account = new AdminAccount(AdminPassword.of("s3cret-printer-farm"), noTokens(), new TestClock(), logs.logger());
        account.check(basic("admin", "s3cret-printer-farm"), "10.0.0.1");
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            account.check(basic("admin", "typo-" + i), "10.0.0.1");
        }
        assertThat(account.check(basic("admin", "s3cret-printer-farm"), "10.0.0.1")).isInstanceOf(AdminAccount.Accepted.class);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            assertThat(account.check(basic("admin", "typo-" + i), "10.0.0.1")).isInstanceOf(AdminAccount.Refused.class);
        }
        assertThat(logs.lines).isEmpty();
    }

    @Test
    void lockGrowsToAMinuteAtMost() {
        TestClock clock = new TestClock();
        LoginThrottle throttle = new LoginThrottle(clock);
        LoginThrottle.Failure last = null;
        for (int i = 0; i < 40; i++) {
            last = throttle.failed("c", "u");
        }
        assertThat(Duration.between(clock.now, last.lockedUntil())).isEqualTo(Duration.ofSeconds(LoginThrottle.MAX_LOCK_SECONDS));
        assertThat(throttle.waitFor("c", "other")).isZero();
    }

    @Test
    void felixDefaultPasswordIsRefusedEverywhere() {
        assertThatThrownBy(() -> AdminPassword.of("admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdminPassword.of("short")).isInstanceOf(IllegalArgumentException.class);
        assertThat(AdminPassword.of("long-enough-1").matches("admin")).isFalse();
    }

    @Test
    void storedHashSurvivesHoldsNoPlainTextAndIsOwnerReadableOnly() throws Exception {
        Path file = dir.resolve("console-admin.pwd");
        AdminPassword.of("s3cret-printer-farm").write(file);
        String content = Files.readString(file);
        assertThat(content).startsWith("pbkdf2-sha256:210000:").doesNotContain("s3cret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
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

    @Test
    void userNamesInLogLinesAreTamed() {
        assertThat(AdminAccount.printable("adm\nin\u001b[31m")).isEqualTo("adm?in?[31m");
        assertThat(AdminAccount.printable("x".repeat(100))).hasSize(67);
    }
}
