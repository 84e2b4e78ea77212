package carbine.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ParamsTest {
    static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");

    @Test
    void theWindowDefaultsToTheLast24Hours() throws Exception {
        assertThat(Params.window(null, null, NOW)).isEqualTo(new Params.Window(NOW.minus(Duration.ofHours(24)), NOW));
        Instant to = Instant.parse("2026-12-01T00:00:00Z");
        assertThat(Params.window(null, "2026-12-01T00:00:00Z", NOW).from()).isEqualTo(to.minus(Duration.ofHours(24)));
    }

    @Test
    void instantsAreIsoWithAnOffsetOrEpochMillis() throws Exception {
        assertThat(Params.instant("from", "2026-12-05T09:00:00+01:00")).isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
        assertThat(Params.instant("from", "2026-12-05T08:00:00.250Z")).isEqualTo(Instant.parse("2026-12-05T08:00:00.250Z"));
        assertThat(Params.instant("from", "1000")).isEqualTo(Instant.ofEpochMilli(1000));
        assertThat(Params.instant("from", "2026-12-05T09:00:00 01:00")).as("an unencoded + in a query")
                .isEqualTo(Instant.parse("2026-12-05T08:00:00Z"));
    }

    @Test
    void badInstantsNameTheirParameter() {
        assertThatThrownBy(() -> Params.window("yesterday", null, NOW)).isInstanceOf(BadParameter.class)
                .hasMessageContaining("yesterday").satisfies(e -> assertThat(((BadParameter) e).parameter()).isEqualTo("from"));
        assertThatThrownBy(() -> Params.window(null, "2026-12-05T08:00:00", NOW)).as("no offset: ambiguous")
                .satisfies(e -> assertThat(((BadParameter) e).parameter()).isEqualTo("to"));
        assertThatThrownBy(() -> Params.instant("since", " ")).satisfies(e -> assertThat(((BadParameter) e).parameter()).isEqualTo("since"));
    }

    @Test
    void fromMustBeBeforeTo() {
        assertThatThrownBy(() -> Params.window("2026-12-05T09:00:00Z", "2026-12-05T09:00:00Z", NOW))
                .hasMessageContaining("must be before")
                .satisfies(e -> assertThat(((BadParameter) e).parameter()).isEqualTo("from"));
        assertThatThrownBy(() -> Params.window("2026-12-06T00:00:00Z", null, NOW)).isInstanceOf(BadParameter.class);
    }

    @Test
    void pointsAreBounded() throws Exception {
        assertThat(Params.points(null)).isEqualTo(400);
        assertThat(Params.points("10000")).isEqualTo(10_000);
        assertThat(Params.points(" 1 ")).isEqualTo(1);
        for (String bad : new String[] {"0", "-5", "10001", "many", "1.5", ""}) {
            assertThatThrownBy(() -> Params.points(bad)).as(bad)
                    .satisfies(e -> assertThat(((BadParameter) e).parameter()).isEqualTo("points"));
        }
    }

    @Test
    void csvByFormatOrAccept() throws Exception {
        assertThat(Params.csv(null, null)).isFalse();
        assertThat(Params.csv(null, "application/json")).isFalse();
        assertThat(Params.csv(null, "text/csv")).isTrue();
        assertThat(Params.csv(null, "text/csv;charset=UTF-8, */*;q=0.1")).isTrue();
        assertThat(Params.csv("CSV", "application/json")).isTrue();
        assertThat(Params.csv("json", "text/csv")).as("the parameter wins").isFalse();
        assertThatThrownBy(() -> Params.csv("xml", null)).satisfies(e -> assertThat(((BadParameter) e).parameter()).isEqualTo("format"));
    }

    @Test
    void stateAndLimit() throws Exception {
        assertThat(Params.state(null)).isEqualTo(Params.AlertFilter.OPEN);
        assertThat(Params.state("Resolved")).isEqualTo(Params.AlertFilter.RESOLVED);
        assertThatThrownBy(() -> Params.state("closed")).satisfies(e -> assertThat(((BadParameter) e).parameter()).isEqualTo("state"));
        assertThat(Params.limit(null)).isEqualTo(100);
        assertThatThrownBy(() -> Params.limit("1001")).isInstanceOf(BadParameter.class);
    }

    @Test
    void pathSegments() {
        assertThat(Params.segment("/printer-1")).isEqualTo("printer-1");
        assertThat(Params.segment(null)).isNull();
        assertThat(Params.segment("/")).isNull();
        assertThat(Params.segment("/a/b")).isNull();
        assertThat(AlertsServlet.ackId("/0123456789ab/ack")).isEqualTo("0123456789ab");
        assertThat(AlertsServlet.ackId("/0123456789ab")).isNull();
        assertThat(AlertsServlet.ackId("/ack")).isNull();
        assertThat(AlertsServlet.ackId("/a/b/ack")).isNull();
        assertThat(AlertsServlet.actor(null, "127.0.0.1")).isEqualTo("anonymous from 127.0.0.1 (api)");
        assertThat(AlertsServlet.actor("admin", "192.168.1.20")).isEqualTo("admin from 192.168.1.20 (api)");
    }

    @Test
    void snoozeLengthsAreMinutesOrHaveAUnit() throws Exception {
        assertThat(Params.duration("for", "90")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Params.duration("for", "30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Params.duration("for", " 2h ")).isEqualTo(Duration.ofHours(2));
        assertThat(Params.duration("for", "1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Params.duration("for", "PT45M")).isEqualTo(Duration.ofMinutes(45));
        for (String bad : new String[] {null, "", "soon", "2x", "h"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Params.duration("for", bad))
                    .isInstanceOf(BadParameter.class).hasMessageContaining("for ");
        }
    }
}
