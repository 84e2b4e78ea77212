package carbine.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.console.internal.AdminAccountTest.TestClock;

class ApiTokensTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private final Logs logs = new Logs();

    private Path file() {
        return dir.resolve(ApiTokens.FILE_NAME);
    }

    @Test
    void aCreatedTokenVerifiesUntilRevoked() throws Exception {
        ApiTokens tokens = new ApiTokens(file(), clock);
        String token = tokens.create("ci", null);
        assertThat(token).startsWith("cbt_").hasSize(4 + 43).matches("cbt_[A-Za-z0-9_-]{43}");
        assertThat(tokens.create("other", 30)).isNotEqualTo(token);

        assertThat(tokens.verify(token).map(ApiTokens.Token::name)).hasValue("ci");
        assertThat(tokens.verify(token + "x")).isEmpty();
        assertThat(tokens.verify(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"))).isEmpty();
        assertThat(tokens.verify(token.substring(4))).as("without its prefix").isEmpty();
        assertThat(tokens.verify(null)).isEmpty();

        assertThat(tokens.revoke("ci")).isTrue();
        assertThat(tokens.verify(token)).isEmpty();
        assertThat(tokens.revoke("ci")).isFalse();
        assertThat(tokens.list()).extracting(ApiTokens.Token::name).containsExactly("other");
    }

    @Test
    void namesAreCheckedAndUnique() throws Exception {
        ApiTokens tokens = new ApiTokens(file(), clock);
        tokens.create("ci", 1);
        assertThatThrownBy(() -> tokens.create("ci", 1)).hasMessageContaining("already");
        assertThatThrownBy(() -> tokens.create("a b", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.create("x\tcbt_", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens.create("ok", 0)).hasMessageContaining("at least 1");
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        ApiTokens tokens = new ApiTokens(file(), clock);
        String token = tokens.create("nightly", 7);
        clock.now = clock.now.plus(Duration.ofDays(7)).minusSeconds(1);
        assertThat(tokens.verify(token).map(ApiTokens.Token::name)).hasValue("nightly");
        clock.now = clock.now.plusSeconds(1);
        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    void tokensPersistAsHashesOwnerOnlyAndLoadInANewInstance() throws Exception {
        ApiTokens tokens = new ApiTokens(file(), clock);
        String token = tokens.create("ci", 30);
        String revoked = tokens.create("old", null);
        tokens.revoke("old");
        tokens.verify(token);

        String content = Files.readString(file());
        assertThat(content).doesNotContain(token).doesNotContain(token.substring(4)).doesNotContain("old")
                .contains(HexFormat.of().formatHex(ApiTokens.sha256(token)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        assertThat(Files.exists(dir.resolve(ApiTokens.FILE_NAME + ".tmp"))).isFalse();

        ApiTokens again = new ApiTokens(file(), clock);
        assertThat(again.verify(token).map(ApiTokens.Token::name)).hasValue("ci");
        assertThat(again.verify(revoked)).isEmpty();
        ApiTokens.Token ci = again.list().getFirst();
        assertThat(ci.created()).isEqualTo(clock.now);
        assertThat(ci.expires()).isEqualTo(clock.now.plus(Duration.ofDays(30)));
        assertThat(ci.lastUsed()).as("last use was written").isEqualTo(clock.now);
        assertThat(ci.toString()).doesNotContain(HexFormat.of().formatHex(ci.hash()));
    }

    @Test
    void aMalformedFileIsAnErrorNotReplaced() throws Exception {
        Files.writeString(file(), "ci\tcbt_plaintext-token\n");
        assertThatThrownBy(() -> new ApiTokens(file(), clock)).hasMessageContaining("line 1 is not a Carbine API token")
                .hasMessageNotContaining("cbt_plaintext");
        assertThat(Files.readString(file())).isEqualTo("ci\tcbt_plaintext-token\n");
    }

    @Test
    void badTokensAreThrottledPerClientAndLoggedWithoutTheToken() throws Exception {
        ApiTokens tokens = new ApiTokens(file(), clock);
        String token = tokens.create("ci", null);
        AdminAccount account = new AdminAccount(AdminPassword.of("s3cret-printer-farm"), tokens, clock, logs.logger());

        assertThat(account.check("Bearer " + token, "10.0.0.5")).isEqualTo(new AdminAccount.Accepted("token:ci", Role.ADMIN));
        assertThat(account.role("token:ci")).as("a token made without a role is the admin's").hasValue(Role.ADMIN);
        String wrong = "cbt_" + "A".repeat(43);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(account.check("Bearer " + wrong, "10.0.0.66")).isInstanceOf(AdminAccount.Refused.class);
        }
        assertThat(account.check("bearer " + token, "10.0.0.66")).as("locked: even the right token is not checked")
                .isEqualTo(new AdminAccount.Throttled(Duration.ofSeconds(1)));
        assertThat(account.check("Bearer " + token, "10.0.0.5")).as("another client is not locked out")
                .isInstanceOf(AdminAccount.Accepted.class);
        clock.now = clock.now.plusSeconds(1);
        assertThat(account.check("Bearer " + token, "10.0.0.66")).isInstanceOf(AdminAccount.Accepted.class);

        tokens.revoke("ci");
        assertThat(account.check("Bearer " + token, "10.0.0.5")).isInstanceOf(AdminAccount.Refused.class);
        assertThat(logs.lines).singleElement().asString()
                .startsWith("WARN 5 wrong, revoked or expired API tokens from 10.0.0.66");
        assertThat(logs.lines).noneMatch(l -> l.contains(token) || l.contains(wrong) || l.contains("cbt_"));
    }
}
