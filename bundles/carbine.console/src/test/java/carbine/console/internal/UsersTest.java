package carbine.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersTest {
    @TempDir
    Path dir;

    private final Logs logs = new Logs();

    private Path file() {
        return dir.resolve(Users.FILE_NAME);
    }

    @Test
    void aUserLogsInWithTheGeneratedPasswordAndKeepsItsRoleAcrossRestarts() throws Exception {
        Users users = new Users(file());
        String password = users.add("ann", Role.VIEWER);
        assertThat(password).hasSize(20);
        assertThat(users.verify("ann", password)).hasValue(Role.VIEWER);
        assertThat(users.verify("ann", password + "x")).isEmpty();
        assertThat(users.verify("bob", password)).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
        assertThat(Files.readString(file())).contains("ann\tviewer\tpbkdf2-sha256:").doesNotContain(password);

        users.setRole("ann", Role.OPERATOR);
        Users again = new Users(file());
        assertThat(again.verify("ann", password)).hasValue(Role.OPERATOR);

        String newPassword = again.resetPassword("ann");
        assertThat(again.verify("ann", password)).as("the old password").isEmpty();
        assertThat(again.verify("ann", newPassword)).hasValue(Role.OPERATOR);
        assertThat(again.remove("ann")).isTrue();
        assertThat(again.remove("ann")).isFalse();
        assertThat(new Users(file()).list()).isEmpty();
    }

    @Test
    void namesAreCheckedAndAdminIsReserved() throws Exception {
        Users users = new Users(file());
        assertThatThrownBy(() -> users.add("admin", Role.ADMIN)).hasMessageContaining("Carbine's own account");
        assertThatThrownBy(() -> users.add("Ann Smith", Role.VIEWER)).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> users.add("token:x", Role.VIEWER)).hasMessageContaining("lower-case");
        users.add("ann", Role.VIEWER);
        assertThatThrownBy(() -> users.add("ann", Role.ADMIN)).hasMessageContaining("already");
        assertThatThrownBy(() -> users.setRole("bob", Role.ADMIN)).hasMessageContaining("no user 'bob'");
    }

    @Test
    void aMalformedFileIsAnErrorThatDoesNotShowTheLine() throws Exception {
        Files.writeString(file(), "ann\tboss\tpbkdf2-sha256:1:AAAA:BBBB\n");
        assertThatThrownBy(() -> new Users(file())).hasMessageContaining("line 1 is not a Carbine user (unknown role)")
                .hasMessageNotContaining("AAAA");
        Files.writeString(file(), "admin\tadmin\tpbkdf2-sha256:1:AAAA:BBBB\n");
        assertThatThrownBy(() -> new Users(file())).hasMessageContaining("line 1 is not a Carbine user");
        assertThat(Files.readString(file())).as("never replaced").startsWith("admin\t");
    }

    @Test
    void theAccountKnowsEveryRoleAndForgetsARemovedUserAtOnce() throws Exception {
        Users users = new Users(file());
        String password = users.add("ann", Role.OPERATOR);
        ApiTokens tokens = new ApiTokens(dir.resolve(ApiTokens.FILE_NAME), Clock.systemUTC());
        String viewerToken = tokens.create("grafana", null, Role.VIEWER);
        AdminAccount account = new AdminAccount(AdminPassword.of("s3cret-printer-farm"), tokens, users,
                Clock.systemUTC(), logs.logger());

        assertThat(account.check(AdminAccountTest.basic("ann", password), "10.0.0.1"))
                .isEqualTo(new AdminAccount.Accepted("ann", Role.OPERATOR));
        assertThat(account.check(AdminAccountTest.basic("admin", "s3cret-printer-farm"), "10.0.0.1"))
                .isEqualTo(new AdminAccount.Accepted("admin", Role.ADMIN));
        assertThat(account.check("Bearer " + viewerToken, "10.0.0.1"))
                .isEqualTo(new AdminAccount.Accepted("token:grafana", Role.VIEWER));
        assertThat(account.checkPassword("ann", password, "10.0.0.2")).isEqualTo(new AdminAccount.Accepted("ann",
                Role.OPERATOR));
        assertThat(account.role("ann")).hasValue(Role.OPERATOR);
        assertThat(account.role("token:grafana")).hasValue(Role.VIEWER);
        assertThat(account.role("admin")).hasValue(Role.ADMIN);
        assertThat(account.role("nobody")).isEmpty();

        users.remove("ann");
        account.forgetVerified();
        assertThat(account.role("ann")).isEmpty();
        assertThat(account.check(AdminAccountTest.basic("ann", password), "10.0.0.1")).as("not from the cache")
                .isInstanceOf(AdminAccount.Refused.class);
    }

    @Test
    void rolesIncludeTheOnesBelow() {
        assertThat(Role.ADMIN.includes("operator")).isTrue();
        assertThat(Role.OPERATOR.includes("viewer")).isTrue();
        assertThat(Role.OPERATOR.includes("admin")).isFalse();
        assertThat(Role.VIEWER.includes("operator")).isFalse();
        assertThat(Role.ADMIN.includes("root")).isFalse();
        assertThat(Role.ADMIN.includes((String) null)).isFalse();
    }

    @Test
    void sessionsEndWhenIdleOrClosed() {
        AdminAccountTest.TestClock clock = new AdminAccountTest.TestClock();
        LoginSessions sessions = new LoginSessions(clock, Duration.ofMinutes(30));
        String id = sessions.open("ann");
        assertThat(id).hasSize(43);
        assertThat(sessions.user(id)).hasValue("ann");
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(sessions.user(id)).as("used: the idle time starts again").hasValue("ann");
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertThat(sessions.user(id)).isEmpty();
        assertThat(sessions.size()).isZero();
        String other = sessions.open("bob");
        sessions.close(other);
        assertThat(sessions.user(other)).isEmpty();
        assertThat(sessions.user("x")).isEmpty();
        assertThat(sessions.user(null)).isEmpty();
    }

    @Test
    void theLoginFormSendsBackToThisSiteOnly() {
        assertThat(SiteGuard.safeNext("/printer/p1?window=1h")).isEqualTo("/printer/p1?window=1h");
        assertThat(SiteGuard.safeNext("//evil.example/x")).isEqualTo("/");
        assertThat(SiteGuard.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(SiteGuard.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(SiteGuard.safeNext("/a\r\nSet-Cookie: x=y")).isEqualTo("/");
        assertThat(SiteGuard.safeNext("/login?next=/login")).isEqualTo("/");
        assertThat(SiteGuard.safeNext(null)).isEqualTo("/");
        assertThat(LoginPage.escape("\"><script>")).isEqualTo("&quot;&gt;&lt;script&gt;");
    }
}
