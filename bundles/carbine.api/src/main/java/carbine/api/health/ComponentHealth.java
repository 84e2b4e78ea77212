package carbine.api.health;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The health indicators of every printer, their trends and forecasts. Implemented by Carbine. */
@ProviderType
public interface ComponentHealth {
    /** The printers with health data (seen since the start or kept from before), sorted by id. */
    List<String> printers();

    /** One printer's indicators, from the kept daily values; empty if it has no health data. */
    Optional<HealthReport> report(String printerId);
}
