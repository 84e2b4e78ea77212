package carbine.storage.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class FailureEpisodeTest {
    final RecordingLog log = new RecordingLog();
    final FailureEpisode episode = new FailureEpisode(log, "db");

    @Test
    void oneErrorPerEpisode_andOneRecoveryLine() {
        for (int i = 0; i < 5; i++) {
            episode.failed("writing 10 rows", new SQLException("disk I/O error"));
        }
        episode.succeeded();
        episode.succeeded();

        assertThat(log.errors()).singleElement().asString().contains("writing 10 rows in db failed: disk I/O error");
        assertThat(log.infos()).singleElement().asString().contains("works again after 5 failed attempts");
    }

    @Test
    void aNewEpisodeIsReportedAgain() {
        episode.failed("writing", new SQLException("busy"));
        episode.succeeded();
        episode.failed("writing", new SQLException("full"));

        assertThat(log.errors()).hasSize(2);
        assertThat(episode.lastCause()).hasMessage("full");
    }
}
