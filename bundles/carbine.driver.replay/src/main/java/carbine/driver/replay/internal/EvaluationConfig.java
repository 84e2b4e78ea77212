package carbine.driver.replay.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import carbine.driver.replay.ReplayDriver;

/** The metatype of PID {@value ReplayDriver#EVALUATION_PID}. */
@ObjectClassDefinition(name = "Carbine evaluation recorder",
        description = "Waits until the replay of one printer has finished and its alerts are stored, then writes "
                + "them as JSON lines (for tools/nab_scorer.py) and, by default, stops Carbine.")
@interface EvaluationConfig {
    @AttributeDefinition(name = "Output file",
            description = "Path of the JSON-lines file to write, one alert per line. A relative path is taken from "
                    + "the parent of the configuration directory, as for the replay file. Required.")
    String output();

    @AttributeDefinition(name = "Printer id",
            description = "The replayed printer (printerId of a carbine.driver.replay configuration). Required.")
    String printerId();

    @AttributeDefinition(name = "Drive",
            description = "direct (default): this component ticks the poller's pipeline (embedded) once per row, as "
                    + "fast as the detectors judge (run without the poller); poller: the poller polls the replay.",
            options = { @Option(label = "direct", value = "direct"), @Option(label = "poller", value = "poller") })
    String drive() default "direct";

    @AttributeDefinition(name = "Detectors", required = false,
            description = "Comma-separated ids of the detectors to wait for before feeding (direct drive); empty: "
                    + "at least one.")
    String detectors() default "";

    @AttributeDefinition(name = "Stop the framework",
            description = "Stop Carbine (and so the JVM) once the file is written.")
    boolean stopFramework() default true;
}
