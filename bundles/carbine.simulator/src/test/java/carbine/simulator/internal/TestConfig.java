package carbine.simulator.internal;

import java.lang.annotation.Annotation;

/** A typed, mutable {@link Config} for tests; defaults as in the metatype. */
class TestConfig implements Config {
    String printerId = "printer-1";
    String scenario = "overheat";
    double phaseSeconds = 60;
    double timeScale = 1;
    long seed = 0;
    double nozzleTarget = 210;
    double bedTarget = 60;
    String name = "";
    int count = 1;
    double wearDays = 50;
    double startDaysAgo = 0;

    TestConfig printerId(String v) { printerId = v; return this; }
    TestConfig scenario(String v) { scenario = v; return this; }
    TestConfig phaseSeconds(double v) { phaseSeconds = v; return this; }
    TestConfig timeScale(double v) { timeScale = v; return this; }
    TestConfig seed(long v) { seed = v; return this; }
    TestConfig nozzleTarget(double v) { nozzleTarget = v; return this; }
    TestConfig bedTarget(double v) { bedTarget = v; return this; }
    TestConfig name(String v) { name = v; return this; }
    TestConfig count(int v) { count = v; return this; }
    TestConfig wearDays(double v) { wearDays = v; return this; }
    TestConfig startDaysAgo(double v) { startDaysAgo = v; return this; }

    @Override public String printerId() { return printerId; }
    @Override public String scenario() { return scenario; }
    @Override public double phaseSeconds() { return phaseSeconds; }
    @Override public double timeScale() { return timeScale; }
    @Override public long seed() { return seed; }
    @Override public double nozzleTarget() { return nozzleTarget; }
    @Override public double bedTarget() { return bedTarget; }
    @Override public String name() { return name; }
    @Override public int count() { return count; }
    @Override public double wearDays() { return wearDays; }
    @Override public double startDaysAgo() { return startDaysAgo; }
    @Override public Class<? extends Annotation> annotationType() { return Config.class; }
}
