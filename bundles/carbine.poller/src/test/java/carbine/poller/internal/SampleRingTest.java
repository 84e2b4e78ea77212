package carbine.poller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import carbine.api.detector.SampleHistory;
import carbine.api.telemetry.TelemetrySample;

class SampleRingTest {
    private static List<TelemetrySample> samples(int n) {
        List<TelemetrySample> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(FakeDriver.printing("p", Instant.EPOCH.plusSeconds(i)));
        }
        return list;
    }

    @Test
    void keeps_the_newest_oldest_first() {
        List<TelemetrySample> all = samples(7);
        SampleRing ring = new SampleRing(3);
        assertThat(ring.view().samples()).isEmpty();
        assertThat(ring.view().previous()).isNull();
        all.forEach(ring::add);
        assertThat(ring.toList()).containsExactlyElementsOf(all.subList(4, 7));
        assertThat(ring.view().previous()).isEqualTo(all.get(6));
    }

    @Test
    void resizing_keeps_the_newest() {
        List<TelemetrySample> all = samples(5);
        SampleRing ring = new SampleRing(4);
        all.forEach(ring::add);
        ring.resize(2);
        assertThat(ring.toList()).containsExactlyElementsOf(all.subList(3, 5));
        ring.resize(10);
        ring.add(all.get(0));
        assertThat(ring.toList()).containsExactly(all.get(3), all.get(4), all.get(0));
        assertThat(ring.capacity()).isEqualTo(10);
    }

    @Test
    void the_view_copies_once_and_is_read_only() {
        SampleRing ring = new SampleRing(3);
        samples(2).forEach(ring::add);
        SampleHistory view = ring.view();
        assertThat(view.samples()).isSameAs(view.samples());
        assertThat(view.previous()).isSameAs(view.samples().get(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> view.samples().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
