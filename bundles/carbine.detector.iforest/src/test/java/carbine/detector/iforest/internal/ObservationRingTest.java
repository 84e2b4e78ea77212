package carbine.detector.iforest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import carbine.detector.iforest.internal.PhaseTracker.Phase;

class ObservationRingTest {
    /** Observations with every kind of field: missing features, NaN target and power, any phase, nanoseconds. */
    private static Observation observation(Random random, int i) {
        double[] v = new double[Feature.ALL.length];
        for (int f = 0; f < v.length; f++) {
            v[f] = random.nextInt(4) == 0 ? Double.NaN : random.nextGaussian() * 10;
        }
        Phase[] phases = Phase.values();
        return new Observation(Instant.ofEpochSecond(1_790_000_000L + i, random.nextInt(1_000_000_000)),
                i % 7 == 0 ? null : phases[i % phases.length], random.nextBoolean(),
                i % 5 == 0 ? Double.NaN : 210 + i % 3, random.nextInt(3) == 0 ? Double.NaN : random.nextDouble(), v);
    }

    private static void assertSame(Observation actual, Observation expected) {
        assertThat(actual.time()).isEqualTo(expected.time());
        assertThat(actual.nozzlePhase()).isEqualTo(expected.nozzlePhase());
        assertThat(actual.settled()).isEqualTo(expected.settled());
        // as Double.equals: NaN equals NaN
        assertThat(Double.doubleToLongBits(actual.target())).isEqualTo(Double.doubleToLongBits(expected.target()));
        assertThat(Double.doubleToLongBits(actual.power())).isEqualTo(Double.doubleToLongBits(expected.power()));
        assertThat(actual.values()).isEqualTo(expected.values());
    }

    @Test
    void itIsAQueueOfEqualObservations() {
        Random random = new Random(1);
        ObservationRing ring = new ObservationRing();
        ArrayDeque<Observation> expected = new ArrayDeque<>();
        for (int i = 0; i < 5000; i++) {
            Observation o = observation(random, i);
            ring.addLast(o);
            expected.addLast(o);
            // removes in bursts, sometimes down to empty
            while (random.nextInt(3) == 0 && !expected.isEmpty()) {
                assertSame(ring.peekFirst(), expected.peekFirst());
                assertSame(ring.removeFirst(), expected.removeFirst());
            }
            assertThat(ring.size()).isEqualTo(expected.size());
            assertThat(ring.isEmpty()).isEqualTo(expected.isEmpty());
        }
        ring.clear();
        assertThat(ring.isEmpty()).isTrue();
        assertThat(ring.peekFirst()).isNull();
        assertThat(ring.removeFirst()).isNull();
    }

    @Test
    void aSnapshotKeepsWhatWasQueuedWhileTheQueueMovesOn() {
        Random random = new Random(2);
        ObservationRing ring = new ObservationRing();
        List<Observation> all = new ArrayList<>();
        List<List<Observation>> snapshots = new ArrayList<>();
        List<List<Observation>> expected = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < 3000; i++) {
            Observation o = observation(random, i);
            ring.addLast(o);
            all.add(o);
            if (ring.size() > 700) {
                ring.dropFirst();
                first++;
            }
            if (i % 211 == 0) {
                snapshots.add(ring.snapshot());
                expected.add(List.copyOf(all.subList(first, all.size())));
            }
        }
        assertThat(snapshots).hasSize(15);
        for (int s = 0; s < snapshots.size(); s++) {
            List<Observation> snapshot = snapshots.get(s);
            assertThat(snapshot).hasSize(expected.get(s).size());
            for (int i = 0; i < snapshot.size(); i++) {
                assertSame(snapshot.get(i), expected.get(s).get(i));
            }
        }
        assertThat(Arrays.asList(ring.snapshot().toArray())).hasSize(700);
    }
}
