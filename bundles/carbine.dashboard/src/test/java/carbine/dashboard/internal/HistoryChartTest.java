package carbine.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import carbine.api.store.FieldStats;
import carbine.api.store.History;
import carbine.api.store.HistoryPoint;
import carbine.api.store.TelemetryField;
import carbine.api.telemetry.PrinterState;

class HistoryChartTest {
    static final Instant TO = Instant.parse("2026-12-05T12:00:00Z");

    static HistoryPoint point(Instant start, Duration step, Double nozzle) {
        Map<TelemetryField, FieldStats> fields = nozzle == null ? Map.of()
                : Map.of(TelemetryField.NOZZLE_ACTUAL, new FieldStats(2, 2 * nozzle, nozzle - 1, nozzle + 1, nozzle),
                        TelemetryField.BED_ACTUAL, new FieldStats(2, 120, 59, 61, 60));
        return new HistoryPoint(start, start.plus(step), 2, Map.of(PrinterState.PRINTING, 2L), 0, 0, fields);
    }

    private static String path(String svg, String series) {
        Matcher m = Pattern.compile("class='series " + series + "' data-points='(\\d+)' d='([^']*)'").matcher(svg);
        assertThat(m.find()).as(series).isTrue();
        return m.group(2);
    }

    @Test
    void aggregatedPointsAreDrawnAtTheirMeans_andStepsWithoutSamplesBreakTheLine() {
        Duration step = Duration.ofHours(2);
        Instant from = TO.minus(Duration.ofDays(30));
        List<HistoryPoint> points = List.of(point(from, step, 200.0), point(from.plus(step), step, 210.0),
                // 3 steps without samples, then two more points; one without nozzle readings
                point(from.plus(step.multipliedBy(5)), step, 220.0), point(from.plus(step.multipliedBy(6)), step, null),
                point(from.plus(step.multipliedBy(7)), step, 215.0));
        History h = new History("p", from, TO, History.Resolution.HOUR, step, points);

        String svg = HistoryChart.svg(h, List.of(), from, TO, Duration.ofDays(30));

        assertThat(svg).contains("data-points='5'").contains("data-resolution='HOUR'").contains("data-step-seconds='7200'");
        String nozzle = path(svg, "nozzle-actual");
        assertThat(nozzle.chars().filter(c -> c == 'M').count()).as(nozzle).isEqualTo(3);
        assertThat(nozzle.chars().filter(c -> c == 'L').count()).as(nozzle).isEqualTo(1);
        assertThat(svg).contains("data-points='4' d='"); // nozzle-actual: 4 of the 5 points have a value
    }

    @Test
    void rawPointsAreJoinedWhateverTheirSpacing() {
        Duration step = Duration.ofMillis(1500);
        Instant from = TO.minus(Duration.ofMinutes(10));
        List<HistoryPoint> points = List.of(point(from, step, 200.0), point(from.plusSeconds(5), step, 201.0),
                point(from.plusSeconds(60), step, 202.0));
        History h = new History("p", from, TO, History.Resolution.RAW, step, points);

        String nozzle = path(HistoryChart.svg(h, List.of(), from, TO, Duration.ofMinutes(10)), "nozzle-actual");

        assertThat(nozzle).startsWith("M").doesNotContain(" M");
        assertThat(nozzle.chars().filter(c -> c == 'L').count()).isEqualTo(2);
    }
}
