package carbine.driver.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class TimestampsTest {
    private final Timestamps utc = new Timestamps(ZoneId.of("UTC"));

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void readsNabTimestampsWithAndWithoutFraction() {
        assertThat(utc.toEpochMilli("2013-12-10 06:25:00")).isEqualTo(at("2013-12-10T06:25:00Z"));
        assertThat(utc.toEpochMilli(" 2013-12-10 06:25:00.123456 ")).isEqualTo(at("2013-12-10T06:25:00.123Z"));
        assertThat(utc.toEpochMilli("2013-12-10 06:25")).isEqualTo(at("2013-12-10T06:25:00Z"));
    }

    @Test
    void readsIsoWithZoneOffsetOrNeither() {
        assertThat(utc.toEpochMilli("2013-12-10T06:25:00Z")).isEqualTo(at("2013-12-10T06:25:00Z"));
        assertThat(utc.toEpochMilli("2013-12-10T07:25:00+01:00")).isEqualTo(at("2013-12-10T06:25:00Z"));
        assertThat(utc.toEpochMilli("2013-12-10T07:25:00+01:00[Europe/Paris]")).isEqualTo(at("2013-12-10T06:25:00Z"));
        assertThat(utc.toEpochMilli("2013-12-10T06:25:00.5")).isEqualTo(at("2013-12-10T06:25:00.500Z"));
    }

    @Test
    void timesWithoutZoneAreInTheConfiguredZone() {
        Timestamps berlin = new Timestamps(ZoneId.of("Europe/Berlin"));
        assertThat(berlin.toEpochMilli("2013-12-10 07:25:00")).isEqualTo(at("2013-12-10T06:25:00Z"));
        assertThat(berlin.toEpochMilli("2013-12-10T06:25:00Z")).isEqualTo(at("2013-12-10T06:25:00Z"));
    }

    @Test
    void smallNumbersAreEpochSecondsLargeOnesMilliseconds() {
        assertThat(utc.toEpochMilli("1386656700")).isEqualTo(at("2013-12-10T06:25:00Z"));
        assertThat(utc.toEpochMilli("1386656700.25")).isEqualTo(at("2013-12-10T06:25:00.250Z"));
        assertThat(utc.toEpochMilli("1386656700000")).isEqualTo(at("2013-12-10T06:25:00Z"));
        assertThat(utc.toEpochMilli("99999999999")).isEqualTo(99_999_999_999_000L);
        assertThat(utc.toEpochMilli("100000000000")).isEqualTo(100_000_000_000L);
        assertThat(utc.toEpochMilli("0")).isZero();
    }

    @Test
    void rejectsWhatIsNoTimestampNamingIt() {
        assertThatThrownBy(() -> utc.toEpochMilli("yesterday")).hasMessageContaining("'yesterday' is not a timestamp");
        assertThatThrownBy(() -> utc.toEpochMilli("2013-13-10 06:25:00")).hasMessageContaining("2013-13-10 06:25:00");
        assertThatThrownBy(() -> utc.toEpochMilli("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> utc.toEpochMilli("1e400")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> utc.toEpochMilli("1.2.3")).hasMessageContaining("'1.2.3'");
    }
}
