package carbine.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class TheilSenTest {
    @Test
    void exactLineIsFoundWithAZeroWidthBand() {
        double[] x = {0, 1, 2, 3, 4, 5};
        double[] y = {1, 3, 5, 7, 9, 11};
        TheilSen.Line line = TheilSen.fit(x, y, 0.9);
        assertThat(line.slope()).isEqualTo(2);
        assertThat(line.intercept()).isEqualTo(1);
        assertThat(line.slopeLow()).isEqualTo(2);
        assertThat(line.slopeHigh()).isEqualTo(2);
        assertThat(line.at(10)).isEqualTo(21);
    }

    @Test
    void outliersDoNotMoveItWhereLeastSquaresWouldBeFarOff() {
        double[] x = new double[20];
        double[] y = new double[20];
        for (int i = 0; i < 20; i++) {
            x[i] = i;
            y[i] = 0.5 * i + 10;
        }
        y[3] = 500; // two wild days, e.g. a printer left holding at a different target
        y[17] = -300;
        TheilSen.Line line = TheilSen.fit(x, y, 0.9);
        assertThat(line.slope()).isCloseTo(0.5, within(1e-9));
        assertThat(line.intercept()).isCloseTo(10, within(1e-9));
    }

    /** The hand-computed example: 5 points, 10 slopes; z(0.95) = 1.645 → C = 1.645·√(5·4·15/18) = 6.716. */
    @Test
    void bandIsSensInterval() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {1.0, 2.5, 2.0, 4.5, 4.0};
        // the 10 pairwise slopes, sorted: -0.5 -0.5 0.5 0.5 0.75 1 1 1.167 1.5 2.5 → median (0.75 + 1)/2
        TheilSen.Line line = TheilSen.fit(x, y, 0.90);
        assertThat(line.slope()).isCloseTo(0.875, within(1e-12));
        // M1 = (10 − 6.716)/2 = 1.64 → rank 2 → -0.5; M2 + 1 = (10 + 6.716)/2 + 1 = 9.36 → rank 9 → 1.5
        assertThat(line.slopeLow()).isEqualTo(-0.5);
        assertThat(line.slopeHigh()).isEqualTo(1.5);
    }

    @Test
    void bandCoversTheTrueSlopeAboutAsOftenAsItsConfidence() {
        SplittableRandom random = new SplittableRandom(7);
        int covered = 0;
        int runs = 2000;
        for (int run = 0; run < runs; run++) {
            double[] x = new double[14];
            double[] y = new double[14];
            for (int i = 0; i < 14; i++) {
                x[i] = i;
                y[i] = 0.3 * i + random.nextGaussian();
            }
            TheilSen.Line line = TheilSen.fit(x, y, 0.9);
            if (line.slopeLow() <= 0.3 && 0.3 <= line.slopeHigh()) {
                covered++;
            }
        }
        assertThat(covered / (double) runs).isBetween(0.86, 0.95);
    }

    @Test
    void normalQuantileMatchesTables() {
        assertThat(TheilSen.normalQuantile(0.95)).isCloseTo(1.644854, within(1e-6));
        assertThat(TheilSen.normalQuantile(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(TheilSen.normalQuantile(0.5)).isCloseTo(0, within(1e-12));
        assertThat(TheilSen.normalQuantile(0.001)).isCloseTo(-3.090232, within(1e-6));
    }

    @Test
    void refusesWhatIsNotALine() {
        assertThatThrownBy(() -> TheilSen.fit(new double[] {1, 1}, new double[] {2, 3}, 0.9))
                .hasMessageContaining("two points with different x");
        assertThatThrownBy(() -> TheilSen.fit(new double[] {1, 2}, new double[] {2}, 0.9))
                .hasMessageContaining("differ in length");
    }
}
