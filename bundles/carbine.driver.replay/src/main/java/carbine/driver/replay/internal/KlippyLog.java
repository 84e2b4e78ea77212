package carbine.driver.replay.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import carbine.api.telemetry.PrinterState;

/**
 * Reads a Klipper {@code klippy.log} as a replay: one sample per {@code Stats} line, one ERROR sample per shutdown.
 * The formats are Klipper's own (Klipper3d/klipper, GPL-3.0; read there, nothing copied):
 * <ul>
 * <li>{@code klippy/klippy.py}, {@code Printer.run()}: {@code Start printer at <asctime> (<epoch> <monotonic>)}, both
 * numbers with one decimal. It ties the reactor's monotonic clock to the wall clock; every start and every restart
 * in the same process logs one.</li>
 * <li>{@code klippy/extras/statistics.py}, {@code PrinterStats.generate_stats()}: once a second
 * {@code Stats <eventtime>: <part> <part> ...}, the eventtime monotonic with one decimal, the parts the
 * {@code stats()} of every object, and only while one of them is active (a heater with a target or above 50 °C, a
 * running SD print, ...). So the log has gaps while the printer idles cold.</li>
 * <li>{@code klippy/extras/heaters.py}, {@code Heater.stats()}: {@code <name>: target=%.0f temp=%.1f pwm=%.3f}, the pwm
 * being the heater's last duty 0..1.</li>
 * <li>{@code klippy/extras/virtual_sdcard.py}, {@code VirtualSD.stats()}: {@code sd_pos=<byte>} only while its work
 * timer runs (a file is printing); {@code work_handler()} logs {@code Starting SD card print (position N)},
 * {@code Finished SD card print} at the end of the file and {@code Exiting SD card print (position N)}.</li>
 * <li>{@code klippy/klippy.py}, {@code Printer.invoke_shutdown()}: {@code Transition to shutdown state: <reason>} (the
 * reason e.g. from {@code klippy/mcu.py} {@code MCU._handle_shutdown()} {@code MCU 'mcu' shutdown: Timer too close},
 * or {@code Lost communication with MCU 'mcu'}, or {@code heaters.py} {@code Heater extruder not heating at expected
 * rate}); the line carries no time.</li>
 * <li>{@code klippy/queuelogger.py}, {@code QueueListener.doRollover()}: {@code =============== Log rollover at
 * <asctime> ===============}, local time without zone, at the top of a rolled-over file.</li>
 * </ul>
 * The fan ({@code extras/fan.py}) and {@code print_stats} have no {@code stats()}: a klippy.log has no fan speed.
 */
final class KlippyLog {
    /** How many lines are searched for a Klipper line before the file is taken for a CSV file. */
    static final int RECOGNITION_LINES = 5_000;

    private static final Pattern STATS = Pattern.compile("^Stats (\\S+): ?(.*)$");
    private static final Pattern START = Pattern.compile(
            "^Start printer at (.+) \\((\\d+(?:\\.\\d+)?) (\\d+(?:\\.\\d+)?)\\)\\s*$");
    private static final Pattern ROLLOVER = Pattern.compile("^=+ Log rollover at (.+?) =+\\s*$");
    private static final Pattern SHUTDOWN = Pattern.compile("^Transition to shutdown state: ?(.*)$");
    /**
     * {@code klippy/mcu.py}, {@code MCU.check_active()}: {@code Timeout with MCU 'mcu' (eventtime=...)}, the reactor
     * time, logged just before it shuts down with {@code Lost communication with MCU 'mcu'}.
     */
    private static final Pattern EVENTTIME = Pattern.compile("\\(eventtime=(\\d+(?:\\.\\d+)?)\\)");
    private static final Pattern SD_START = Pattern.compile("^Starting SD card print \\(position (\\d+)\\)");
    private static final Pattern SD_EXIT = Pattern.compile("^Exiting SD card print \\(position (\\d+)\\)");
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy",
            Locale.ENGLISH);

    private KlippyLog() {}

    /**
     * True if the file is a klippy.log: its first non-blank line is not a CSV header ({@code timestamp,...}) and one
     * of its first {@value #RECOGNITION_LINES} lines is a {@code Start printer at}, {@code Log rollover} or
     * {@code Stats} line. Decided by content, never by the file's name.
     */
    static boolean recognise(Path file) {
        try (BufferedReader reader = open(file)) {
            String line;
            boolean first = true;
            for (int n = 0; n < RECOGNITION_LINES && (line = reader.readLine()) != null; n++) {
                if (first && !line.isBlank()) {
                    first = false;
                    if (line.strip().toLowerCase(Locale.ROOT).startsWith("timestamp")) {
                        return false;
                    }
                }
                if (START.matcher(line).matches() || ROLLOVER.matcher(line).matches()
                        || STATS.matcher(line).matches()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // ReplayFile reports the file as it cannot read it
        }
    }

    /**
     * Loads the samples of a klippy.log. The file row of a sample is its 0-based line index in the log.
     *
     * @param zone the zone of a rollover header's local time, used only before the first {@code Start printer} line
     *             and only if the file has no such line to learn the printer's offset to UTC from
     */
    static ReplayFile.Load load(Path file, ZoneId zone) {
        try (BufferedReader reader = open(file)) {
            return new Reader(file, zone, localOffset(file)).read(reader);
        } catch (NoSuchFileException e) {
            return new ReplayFile.Load(null, "file " + file + " does not exist", 0, 0, List.of(), 0, 0, 0);
        } catch (IOException e) {
            return new ReplayFile.Load(null, "cannot read " + file + ": " + e.getMessage(), 0, 0, List.of(), 0, 0, 0);
        }
    }

    /**
     * The offset of the printer's local time to UTC, from the file's first {@code Start printer at} line (its local
     * time against its epoch seconds, to the nearest quarter hour), or null if it has none. A rollover header is in
     * that local time too, so a rolled-over file whose printer restarted later that day needs no zone setting.
     */
    static ZoneOffset localOffset(Path file) throws IOException {
        try (BufferedReader reader = open(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher m = START.matcher(line);
                if (m.matches()) {
                    LocalDateTime local = asctime(m.group(1));
                    if (local == null) {
                        return null;
                    }
                    double epoch = Double.parseDouble(m.group(2));
                    long seconds = local.toEpochSecond(ZoneOffset.UTC) - Math.round(epoch);
                    long quarters = Math.round(seconds / 900.0);
                    try {
                        return ZoneOffset.ofTotalSeconds((int) (quarters * 900));
                    } catch (DateTimeException e) {
                        return null;
                    }
                }
            }
            return null;
        }
    }

    private static LocalDateTime asctime(String text) {
        try {
            return LocalDateTime.parse(text.strip().replaceAll("\\s+", " "), ASCTIME);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Bytes that are not UTF-8 (a log cut in the middle of a write) become U+FFFD instead of failing the file. */
    private static BufferedReader open(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8
                .newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    /** One pass over the lines; a session runs from one {@code Start printer at} line to the next. */
    private static final class Reader {
        private final Path file;
        private final ZoneId zone;
        /** The printer's offset to UTC learnt from a Start line, or null (then {@link #zone} is used). */
        private final ZoneOffset localOffset;
        private final ReplayData.Builder data = new ReplayData.Builder(EnumSet.of(TelemetryField.NOZZLE_ACTUAL,
                TelemetryField.NOZZLE_TARGET, TelemetryField.BED_ACTUAL, TelemetryField.BED_TARGET,
                TelemetryField.HEATER_POWER, TelemetryField.PROGRESS, TelemetryField.STATE, TelemetryField.ERROR));
        private final EventTimes times = new EventTimes();
        private final List<String> reasons = new ArrayList<>();
        private int entries;
        private int skipped;

        /** Wall clock minus monotonic clock of the current session, ms; null before the first anchor. */
        private Long offsetMillis;
        /** The local time of a rollover header not yet tied to a monotonic time. */
        private LocalDateTime rollover;
        /** The newest monotonic time (ms) logged in this session. */
        private long lastMonotonicMillis = Long.MIN_VALUE;
        /** The reason of this session's shutdown, once there was one: later Stats lines are ERROR samples too. */
        private String shutdown;
        /** Rows of the running SD print and their byte positions, for their progress once its size is known. */
        private final List<long[]> printRows = new ArrayList<>();
        private boolean printFinished;

        Reader(Path file, ZoneId zone, ZoneOffset localOffset) {
            this.file = file;
            this.zone = zone;
            this.localOffset = localOffset;
        }

        ReplayFile.Load read(BufferedReader reader) throws IOException {
            String line;
            int index = -1;
            while ((line = reader.readLine()) != null) {
                index++;
                try {
                    line(line, index);
                } catch (IllegalArgumentException e) {
                    skipped++;
                    if (reasons.size() < ReplayFile.EXAMPLES) {
                        reasons.add("line " + (index + 1) + ": " + e.getMessage());
                    }
                }
            }
            if (data.size() == 0) {
                String why = entries == 0
                        ? "it has no Stats lines (Klipper logs them only while a heater or a print is active)"
                        : "none of its " + entries + " Stats and shutdown lines can be used ("
                                + String.join("; ", reasons) + (skipped > reasons.size() ? "; ..." : "") + ")";
                return new ReplayFile.Load(null, file + " has no usable rows: " + why, entries, skipped,
                        List.copyOf(reasons), 0, 0, 0);
            }
            return new ReplayFile.Load(data.build(), null, entries, skipped, List.copyOf(reasons), times.repeated(),
                    times.backward(), times.crowded());
        }

        private void line(String line, int index) {
            Matcher m;
            if ((m = STATS.matcher(line)).matches()) {
                entries++;
                stats(m.group(1), m.group(2), index);
            } else if ((m = START.matcher(line)).matches()) {
                long monotonic = millis(m.group(3), "the monotonic time of Start printer");
                offsetMillis = millis(m.group(2), "the epoch time of Start printer") - monotonic;
                lastMonotonicMillis = monotonic;
                rollover = null;
                shutdown = null;
                printRows.clear();
                printFinished = false;
            } else if ((m = SHUTDOWN.matcher(line)).matches()) {
                entries++;
                shutdown(m.group(1).strip(), index);
            } else if ((m = ROLLOVER.matcher(line)).matches()) {
                if (offsetMillis == null) {
                    rollover = asctime(m.group(1));
                }
            } else if ((m = EVENTTIME.matcher(line)).find()) {
                lastMonotonicMillis = Math.max(lastMonotonicMillis, millis(m.group(1), "eventtime"));
            } else if (SD_START.matcher(line).lookingAt()) {
                printRows.clear();
                printFinished = false;
            } else if (line.startsWith("Finished SD card print")) {
                printFinished = true;
            } else if ((m = SD_EXIT.matcher(line)).lookingAt()) {
                long size = Long.parseLong(m.group(1));
                if (printFinished && size > 0) {
                    // only a print that reached the end of its file tells the file's size, and so the progress
                    for (long[] row : printRows) {
                        data.setAt((int) row[0], TelemetryField.PROGRESS, Math.min(100.0, row[1] * 100.0 / size));
                    }
                }
                printRows.clear();
                printFinished = false;
            }
        }

        private void stats(String eventtime, String parts, int index) {
            long monotonic = millis(eventtime, "the eventtime of the Stats line");
            long wall = wallMillis(monotonic);
            Double nozzleActual = null, nozzleTarget = null, power = null, bedActual = null, bedTarget = null;
            Long sdPos = null;
            String[] tokens = parts.strip().split("\\s+");
            for (int i = 0; i < tokens.length; i++) {
                String token = tokens[i];
                if (token.equals("extruder:") || token.equals("heater_bed:")) {
                    Double[] heater = heater(tokens, i + 1, token.substring(0, token.length() - 1));
                    if (token.equals("extruder:")) {
                        nozzleTarget = heater[0];
                        nozzleActual = heater[1];
                        power = heater[2];
                    } else {
                        // heater_bed's pwm is left out: TelemetrySample has no bed power
                        bedTarget = heater[0];
                        bedActual = heater[1];
                    }
                } else if (token.startsWith("sd_pos=")) {
                    sdPos = (long) number(token.substring("sd_pos=".length()), "sd_pos");
                }
            }
            lastMonotonicMillis = Math.max(lastMonotonicMillis, monotonic);
            data.add(times.next(wall), index);
            set(TelemetryField.NOZZLE_ACTUAL, nozzleActual);
            set(TelemetryField.NOZZLE_TARGET, nozzleTarget);
            set(TelemetryField.HEATER_POWER, power);
            set(TelemetryField.BED_ACTUAL, bedActual);
            set(TelemetryField.BED_TARGET, bedTarget);
            if (shutdown != null) {
                data.set(TelemetryField.STATE, PrinterState.ERROR);
                data.set(TelemetryField.ERROR, shutdown);
            } else {
                boolean printing = sdPos != null && nozzleTarget != null && nozzleTarget > 0;
                data.set(TelemetryField.STATE, printing ? PrinterState.PRINTING : PrinterState.IDLE);
            }
            if (sdPos != null) {
                printRows.add(new long[] {data.size() - 1, sdPos});
            }
        }

        /** target, temp, pwm of the heater whose parts start at {@code from}; each null if absent. */
        private static Double[] heater(String[] tokens, int from, String name) {
            Double[] values = new Double[3];
            for (int i = from; i < Math.min(tokens.length, from + 3); i++) {
                int eq = tokens[i].indexOf('=');
                if (eq < 0) {
                    break;
                }
                String key = tokens[i].substring(0, eq);
                int slot = switch (key) {
                    case "target" -> 0;
                    case "temp" -> 1;
                    case "pwm" -> 2;
                    default -> -1;
                };
                if (slot >= 0) {
                    values[slot] = number(tokens[i].substring(eq + 1), name + " " + key);
                }
            }
            return values;
        }

        /** Klipper logs no time with the shutdown: it is put at the newest monotonic time logged before it. */
        private void shutdown(String reason, int index) {
            if (lastMonotonicMillis == Long.MIN_VALUE) {
                throw new IllegalArgumentException("a shutdown before any time is logged, so its time is unknown");
            }
            long wall = wallMillis(lastMonotonicMillis);
            String text = reason.isEmpty() ? "Klipper shut down (no reason logged)" : reason;
            shutdown = text;
            data.add(times.next(wall), index);
            data.set(TelemetryField.STATE, PrinterState.ERROR);
            data.set(TelemetryField.ERROR, text);
        }

        private long wallMillis(long monotonicMillis) {
            if (offsetMillis == null && rollover != null) {
                // a rolled-over file starts without its process's Start line: the first time logged after the header
                // is taken as the header's wall-clock time (rollover happens when the first record after midnight
                // is written, usually a Stats line)
                try {
                    ZoneId local = localOffset != null ? localOffset : zone;
                    offsetMillis = rollover.atZone(local).toInstant().toEpochMilli() - monotonicMillis;
                } catch (DateTimeException | ArithmeticException e) {
                    rollover = null;
                }
            }
            if (offsetMillis == null) {
                throw new IllegalArgumentException("before any 'Start printer at' or 'Log rollover' line, so its "
                        + "wall-clock time is unknown");
            }
            return offsetMillis + monotonicMillis;
        }

        private void set(TelemetryField field, Double value) {
            if (value != null) {
                data.set(field, value);
            }
        }

        private static double number(String text, String what) {
            try {
                double value = Double.parseDouble(text);
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }

        private static long millis(String seconds, String what) {
            try {
                return new BigDecimal(seconds).movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP)
                        .longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(what + " '" + seconds + "' is not a number of seconds");
            }
        }
    }
}
