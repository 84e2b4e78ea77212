package carbine.runtime.internal;

import java.time.Instant;
import java.util.List;

import carbine.api.alert.Alert;
import carbine.api.fleet.PrinterStatus;

/** What {@code status.json} shows: the fleet and the open alerts after one poll cycle. */
public record Status(Instant generated, long cycle, List<PrinterStatus> printers, List<Alert> alerts) {}
