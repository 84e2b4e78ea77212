package carbine.detector.rules.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import carbine.api.detector.Finding;
import carbine.api.telemetry.PrinterState;
import carbine.api.telemetry.TelemetrySample;

/** A test printer: feeds samples one second apart (event time) to a rule engine and keeps what it found. */
final class Printer {
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final RuleEngine engine;
    private final String id;
    private int second;
    final List<List<Finding>> results = new ArrayList<>();

    Printer(RuleEngine engine, String id) {
        this.engine = engine;
        this.id = id;
    }

    Printer(RuleEngine engine) {
        this(engine, "p1");
    }

    /** A sample at the current second with the given fields; the clock then advances one second. */
    List<Finding> sample(PrinterState state, UnaryOperator<TelemetrySample.Builder> fields) {
        TelemetrySample s = fields.apply(TelemetrySample.builder(id, T0.plusSeconds(second++), state)).build();
        List<Finding> found = engine.judge(s);
        results.add(found);
        return found;
    }

    /** A printing hotend sample. */
    List<Finding> nozzle(double actual, double target, double power) {
        return sample(PrinterState.PRINTING, b -> b.nozzle(actual, target).heaterPower(power));
    }

    /** Every finding seen so far, flattened. */
    List<Finding> all() {
        return results.stream().flatMap(List::stream).toList();
    }
}
