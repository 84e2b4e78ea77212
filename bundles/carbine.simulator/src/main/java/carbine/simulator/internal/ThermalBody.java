package carbine.simulator.internal;

/**
 * A lumped thermal mass: {@code C·dT/dt = heat − k·(T − ambient) − extraLoss·(T − ambient)}, integrated with
 * explicit Euler steps (fine for steps far shorter than the time constant {@code C/k}).
 */
final class ThermalBody {
    private final double heatCapacity;
    private final double lossPerKelvin;
    private final double ambient;
    private double temperature;

    /**
     * @param heatCapacity  C, joules per kelvin
     * @param lossPerKelvin k, watts lost per kelvin above ambient
     * @param ambient       °C, also the starting temperature
     */
    ThermalBody(double heatCapacity, double lossPerKelvin, double ambient) {
        this.heatCapacity = heatCapacity;
        this.lossPerKelvin = lossPerKelvin;
        this.ambient = ambient;
        this.temperature = ambient;
    }

    /**
     * @param heatWatts             net heat put in (heater minus any load)
     * @param extraLossPerKelvin    additional loss, e.g. from a fan blowing on the body
     * @param seconds               step length
     */
    void step(double heatWatts, double extraLossPerKelvin, double seconds) {
        temperature += seconds * (heatWatts - lossWatts(extraLossPerKelvin)) / heatCapacity;
    }

    /** Heat flowing out to the surroundings right now. */
    double lossWatts(double extraLossPerKelvin) {
        return (lossPerKelvin + extraLossPerKelvin) * (temperature - ambient);
    }

    double temperature() {
        return temperature;
    }

    double heatCapacity() {
        return heatCapacity;
    }
}
