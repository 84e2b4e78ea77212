package carbine.health.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The daily aggregates on disk: one file per printer, {@code <data>/health/<printer id, URL-encoded>.csv}, one line
 * per day and indicator, appended when a day closes: {@code epochDay,indicator,count,sum,sumSquares}; and the
 * hotend target last held, {@code epochDay,held_target,1,target,target²} (the heater's limit depends on it, and a
 * heater that can no longer reach its target would otherwise never show it again after a restart). Lines for the
 * same day and indicator (the part before a restart and the rest of that day) are added up when read. A line that
 * cannot be read is logged with file and line number and skipped; the others are kept.
 */
final class HealthFiles {
    static final String DIRECTORY = "health";
    private static final String SUFFIX = ".csv";
    static final String HELD_TARGET = "held_target";

    /** What a printer's file holds: its days (the parts of one day added up, oldest first), the target last held. */
    record Stored(List<DayAggregate> days, double heldTarget) {}

    private final Path directory;
    private final Consumer<String> warnings;
    /** File names present when this started, or written since: no disk look-up for a printer without a file. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    HealthFiles(Path directory, Consumer<String> warnings) {
        this.directory = directory;
        this.warnings = warnings;
        try {
            Files.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(SUFFIX)).forEach(known::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the health directory " + directory + ": " + e, e);
        }
    }

    Path directory() {
        return directory;
    }

    static String fileName(String printerId) {
        return URLEncoder.encode(printerId, StandardCharsets.UTF_8).replace("*", "%2A") + SUFFIX;
    }

    /** Printer ids that have a file. */
    List<String> printers() {
        return known.stream().map(f -> URLDecoder.decode(f.substring(0, f.length() - SUFFIX.length()),
                StandardCharsets.UTF_8)).sorted().toList();
    }

    /** Appends the aggregates (of one printer) and the target last held (if known), and forces them to disk. */
    void append(String printerId, List<DayAggregate> aggregates, double heldTarget) throws IOException {
        if (aggregates.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (DayAggregate a : aggregates) {
            text.append(a.epochDay()).append(',').append(a.indicator().key()).append(',').append(a.count()).append(',')
                    .append(a.sum()).append(',').append(a.sumSquares()).append('\n');
        }
        if (Double.isFinite(heldTarget)) {
            text.append(aggregates.getFirst().epochDay()).append(',').append(HELD_TARGET).append(",1,")
                    .append(heldTarget).append(',').append(heldTarget * heldTarget).append('\n');
        }
        String name = fileName(printerId);
        try (var channel = Files.newByteChannel(directory.resolve(name), Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE))) {
            channel.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            ((java.nio.channels.FileChannel) channel).force(false);
        }
        known.add(name);
    }

    /** Every aggregate of the printer, the parts of one day added up, oldest first; empty without a file. */
    Stored load(String printerId) throws IOException {
        String name = fileName(printerId);
        if (!known.contains(name)) {
            return new Stored(List.of(), Double.NaN);
        }
        double heldTarget = Double.NaN;
        Path file = directory.resolve(name);
        Map<String, DayAggregate> merged = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            DayAggregate a;
            try {
                if (line.contains("," + HELD_TARGET + ",")) {
                    heldTarget = heldTarget(line);
                    continue;
                }
                a = parse(line);
            } catch (RuntimeException e) {
                warnings.accept(String.format(Locale.ROOT, "health file %s line %d skipped (%s): '%s'", file, i + 1,
                        e.getMessage(), line.length() > 120 ? line.substring(0, 120) + "…" : line));
                continue;
            }
            merged.merge(a.epochDay() + "," + a.indicator().key(), a, DayAggregate::plus);
        }
        List<DayAggregate> all = new ArrayList<>(merged.values());
        all.sort(Comparator.comparingLong(DayAggregate::epochDay).thenComparing(DayAggregate::indicator));
        return new Stored(all, heldTarget);
    }

    private static double heldTarget(String line) {
        String[] f = line.split(",", -1);
        double target = f.length == 5 ? Double.parseDouble(f[3].trim()) : Double.NaN;
        if (!(target > -50 && target < 1000)) {
            throw new IllegalArgumentException("not a temperature");
        }
        return target;
    }

    private static DayAggregate parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 5) {
            throw new IllegalArgumentException("5 fields expected, found " + f.length);
        }
        long count = Long.parseLong(f[2].trim());
        double sum = Double.parseDouble(f[3].trim());
        double squares = Double.parseDouble(f[4].trim());
        if (count < 1 || !Double.isFinite(sum) || !Double.isFinite(squares) || squares < 0) {
            throw new IllegalArgumentException("count must be ≥ 1 and the sums finite");
        }
        return new DayAggregate(Long.parseLong(f[0].trim()), Indicator.ofKey(f[1].trim()), count, sum, squares);
    }
}
