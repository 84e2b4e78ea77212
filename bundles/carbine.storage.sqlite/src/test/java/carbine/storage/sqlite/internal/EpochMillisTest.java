package carbine.storage.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class EpochMillisTest {
    @Test
    void wholeMillisecondsStay_fractionsRoundUp() {
        assertThat(EpochMillis.ceil(Instant.ofEpochMilli(1500))).isEqualTo(1500);
        assertThat(EpochMillis.ceil(Instant.ofEpochSecond(1, 1))).isEqualTo(1001);
        assertThat(EpochMillis.ceil(Instant.ofEpochMilli(-1500).plusNanos(1))).isEqualTo(-1499);
        assertThat(EpochMillis.ceil(Instant.ofEpochMilli(-1))).isEqualTo(-1);
    }

    @Test
    void theExtremesClampInsteadOfOverflowing() {
        assertThat(EpochMillis.ceil(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
        assertThat(EpochMillis.ceil(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
        assertThat(EpochMillis.fits(Instant.MAX)).isFalse();
        assertThat(EpochMillis.fits(Instant.EPOCH)).isTrue();
    }
}
