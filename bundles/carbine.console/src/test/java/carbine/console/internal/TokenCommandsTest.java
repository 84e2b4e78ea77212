package carbine.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import carbine.console.internal.AdminAccountTest.TestClock;

/** The token commands as typed at the g! prompt, through Gogo's own parser and method dispatch. */
class TokenCommandsTest {
    @TempDir
    Path dir;

    private final Logs logs = new Logs();
    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private ApiTokens tokens;
    private CommandSession session;

    @BeforeEach
    void shell() throws Exception {
        tokens = new ApiTokens(dir.resolve(ApiTokens.FILE_NAME), new TestClock());
        TokenCommands commands = new TokenCommands(tokens, logs.logger());
        threadIO.start();
        CommandProcessorImpl gogo = new CommandProcessorImpl(threadIO);
        for (String function : new String[] {"token-create", "token-list", "token-revoke"}) {
            gogo.addCommand("carbine", commands, function);
        }
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        session = gogo.createSession(InputStream.nullInputStream(), out, out);
    }

    @AfterEach
    void close() {
        session.close();
        threadIO.stop();
    }

    private String run(String line) throws Exception {
        return String.valueOf(session.execute(line));
    }

    @Test
    void createListRevokeShowTheTokenOnceAndNeverLogIt() throws Exception {
        String created = run("carbine:token-create ci 30");
        String token = created.lines().filter(l -> l.startsWith("cbt_")).findFirst().orElseThrow();
        assertThat(tokens.verify(token).map(ApiTokens.Token::name)).hasValue("ci");
        assertThat(created).contains("expires 2027-01-04T08:00:00Z");
        assertThat(run("token-create ci")).as("without the scope, too").startsWith("not created").contains("already");
        assertThat(run("token-create x soon")).startsWith("days must be");
        assertThat(run("token-create")).startsWith("usage: token-create");

        String list = run("carbine:token-list");
        assertThat(list).contains("NAME").contains("ci").contains("2026-12-05T08:00:00Z")
                .contains("2027-01-04T08:00:00Z").doesNotContain(token)
                .doesNotContain(HexFormat.of().formatHex(ApiTokens.sha256(token)));

        assertThat(run("carbine:token-revoke ci")).startsWith("revoked 'ci'");
        assertThat(tokens.verify(token)).isEmpty();
        assertThat(run("token-revoke ci")).startsWith("no token named");
        assertThat(run("token-list")).isEqualTo("no API tokens");

        assertThat(logs.lines).anyMatch(l -> l.contains("'ci' created")).anyMatch(l -> l.contains("'ci' revoked"))
                .noneMatch(l -> l.contains("cbt_"));
    }

    @Test
    void aTokenWithoutDaysNeverExpires() throws Exception {
        assertThat(run("carbine:token-create nightly")).contains("expires never");
        assertThat(run("token-list")).contains("never");
        assertThat(tokens.list()).singleElement().satisfies(t -> assertThat(t.expires()).isNull());
    }
}
