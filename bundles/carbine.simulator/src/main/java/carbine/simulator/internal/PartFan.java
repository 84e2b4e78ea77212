package carbine.simulator.internal;

/** The part-cooling fan: a commanded speed 0..1 and a rotor that follows it with a short lag. */
final class PartFan {
    static final double FULL_SPEED_RPM = 6000;
    private static final double SPIN_UP_SECONDS = 0.8;

    private double command;
    private double rpm;

    /**
     * @param command 0..1, what the firmware asks for
     * @param health  0..1, the fraction of the commanded speed the motor can still reach (1 = healthy)
     */
    void step(double command, double health, double seconds) {
        this.command = command;
        double wanted = FULL_SPEED_RPM * command * health;
        rpm += (wanted - rpm) * Math.min(1, seconds / SPIN_UP_SECONDS);
    }

    double command() {
        return command;
    }

    double rpm() {
        return rpm;
    }

    /** Air flow relative to full speed, 0..1. */
    double airflow() {
        return rpm / FULL_SPEED_RPM;
    }
}
