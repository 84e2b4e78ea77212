package carbine.detector.likelihood.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The offline NAB harness: runs {@link SeriesModel} over NAB files with no OSGi, in one JVM.
 *
 * <pre>
 * alerts NAB_DIR OUT_DIR [name=value ...]   one OUT_DIR/&lt;file&gt;.jsonl of alerts per NAB CSV, for nab_table.py
 * sweep ROWS_DIR [name=v1,v2,... ...]       every combination, scored in-process on the rows that
 *                                           src/test/python/nab_rows.py wrote with the shared scorer's own
 *                                           window weights; prints the corpus score per profile
 * </pre>
 * Settings not named keep the defaults of {@link Settings}. Choosing a setting by its corpus score over all files is
 * how NAB's scoreboard chooses its thresholds: one setting for every file.
 */
public final class NabHarness {
    private static final String[] PROFILES = { "standard", "low FP", "low FN" };
    private static final double[] FP_WEIGHT = { 0.11, 0.22, 0.11 };
    private static final double[] FN_WEIGHT = { 1, 1, 2 };

    private NabHarness() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: alerts NAB_DIR OUT_DIR [name=value ...] | sweep ROWS_DIR [name=v1,v2 ...]");
        }
        if (args[0].equals("alerts")) {
            Settings settings = Settings.DEFAULTS;
            for (int i = 3; i < args.length; i++) {
                String[] kv = args[i].split("=", 2);
                settings = settings.with(Map.of(kv[0], kv[1]));
            }
            alerts(Path.of(args[1]), Path.of(args[2]), settings);
        } else if (args[0].equals("sweep")) {
            Map<String, double[]> grid = new LinkedHashMap<>();
            for (int i = 2; i < args.length; i++) {
                String[] kv = args[i].split("=", 2);
                grid.put(kv[0], Stream.of(kv[1].split(",")).mapToDouble(Double::parseDouble).toArray());
            }
            sweep(Path.of(args[1]), grid);
        } else {
            throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static void alerts(Path nabDir, Path outDir, Settings settings) throws IOException {
        Files.createDirectories(outDir);
        List<Path> csvs;
        try (Stream<Path> s = Files.walk(nabDir.resolve("data"))) {
            csvs = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        for (Path csv : csvs) {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            SeriesModel model = new SeriesModel(settings);
            String base = csv.getFileName().toString().replace(".csv", "");
            try (BufferedWriter w = Files.newBufferedWriter(outDir.resolve(base + ".jsonl"))) {
                for (int row = 0; row + 1 < lines.size(); row++) {
                    String[] cells = lines.get(row + 1).split(",");
                    double t = java.time.LocalDateTime.parse(cells[0].trim().replace(' ', 'T'))
                            .toEpochSecond(java.time.ZoneOffset.UTC);
                    SeriesModel.Verdict v = model.update(t, Double.parseDouble(cells[1]));
                    if (v.anomaly()) {
                        w.write(String.format(Locale.ROOT,
                                "{\"ts\": \"%s\", \"row\": %d, \"detector\": \"likelihood\", \"severity\": \"WARNING\", \"score\": %.3f}%n",
                                cells[0].trim().replace(' ', 'T') + "Z", row, v.score()));
                    }
                }
            }
        }
        System.out.println(csvs.size() + " files, alerts in " + outDir + " with " + settings);
    }

    /** One NAB file as the scorer sees it: window id per row (-1 outside), the row's weight, probation. */
    record Scored(String category, int probation, int[] window, double[] weight, double[] values, double[] times) {}

    static List<Scored> load(Path rowsDir) throws IOException {
        List<Scored> files = new ArrayList<>();
        for (String line : Files.readAllLines(rowsDir.resolve("files.txt"))) {
            String[] kb = line.split(" ");
            List<String> rows = Files.readAllLines(rowsDir.resolve(kb[1] + ".score"));
            String[] head = rows.get(0).split(" ");
            int n = Integer.parseInt(head[0]);
            int[] window = new int[n];
            double[] weight = new double[n];
            double[] values = new double[n];
            double[] times = new double[n];
            for (int i = 0; i < n; i++) {
                String[] c = rows.get(i + 1).split(" ");
                window[i] = Integer.parseInt(c[0]);
                weight[i] = Double.parseDouble(c[1]);
                values[i] = Double.parseDouble(c[2]);
                times[i] = Double.parseDouble(c[3]);
            }
            files.add(new Scored(kb[0].substring(0, kb[0].indexOf('/')), Integer.parseInt(head[1]), window, weight, values, times));
        }
        return files;
    }

    /** raw, null, perfect per profile; the scorer's rules (nab_scorer.FileScorer.score). */
    static double[][] score(Scored f, List<Integer> detections) {
        double[][] out = new double[3][3];
        Map<Integer, Double> best = new TreeMap<>();
        for (int i = f.probation; i < f.window.length; i++) {
            if (f.window[i] >= 0) {
                best.put(f.window[i], null);
            }
        }
        for (int p = 0; p < 3; p++) {
            Map<Integer, Double> b = new TreeMap<>();
            for (Integer k : best.keySet()) {
                b.put(k, -FN_WEIGHT[p]);
            }
            double fp = 0;
            for (int i : detections) {
                if (i < f.probation) {
                    continue;
                }
                int k = f.window[i];
                if (k < 0) {
                    fp += f.weight[i] * FP_WEIGHT[p];
                } else {
                    b.put(k, Math.max(b.get(k), f.weight[i]));
                }
            }
            double raw = fp;
            for (double v : b.values()) {
                raw += v;
            }
            out[p][0] = raw;
            out[p][1] = -FN_WEIGHT[p] * b.size();
            out[p][2] = b.size();
        }
        return out;
    }

    static void sweep(Path rowsDir, Map<String, double[]> grid) throws IOException {
        List<Scored> files = load(rowsDir);
        List<String> names = new ArrayList<>(grid.keySet());
        int[] index = new int[names.size()];
        while (true) {
            Settings s = Settings.DEFAULTS;
            StringBuilder label = new StringBuilder();
            for (int j = 0; j < names.size(); j++) {
                double v = grid.get(names.get(j))[index[j]];
                s = s.with(Map.of(names.get(j), v));
                label.append(names.get(j)).append('=').append(v).append(' ');
            }
            System.out.println(evaluate(files, s, false) + " | " + label);
            int j = 0;
            while (j < names.size() && ++index[j] == grid.get(names.get(j)).length) {
                index[j++] = 0;
            }
            if (j == names.size()) {
                break;
            }
        }
    }

    static String evaluate(List<Scored> files, Settings settings, boolean perCategory) {
        double[][] corpus = new double[3][3];
        Map<String, double[]> categories = new TreeMap<>();
        int alerts = 0;
        for (Scored f : files) {
            SeriesModel model = new SeriesModel(settings);
            List<Integer> det = new ArrayList<>();
            for (int i = 0; i < f.values.length; i++) {
                if (model.update(f.times[i], f.values[i]).anomaly()) {
                    det.add(i);
                }
            }
            alerts += det.size();
            double[][] s = score(f, det);
            double[] c = categories.computeIfAbsent(f.category, k -> new double[3]);
            for (int p = 0; p < 3; p++) {
                for (int q = 0; q < 3; q++) {
                    corpus[p][q] += s[p][q];
                }
            }
            c[0] += s[0][0];
            c[1] += s[0][1];
            c[2] += s[0][2];
        }
        StringBuilder out = new StringBuilder();
        for (int p = 0; p < 3; p++) {
            out.append(String.format(Locale.ROOT, "%s %.1f  ", PROFILES[p],
                    100 * (corpus[p][0] - corpus[p][1]) / (corpus[p][2] - corpus[p][1])));
        }
        out.append("alerts ").append(alerts).append(" |");
        for (Map.Entry<String, double[]> e : categories.entrySet()) {
            double[] c = e.getValue();
            out.append(String.format(Locale.ROOT, " %s %.1f", e.getKey().replace("artificial", "art").replace("real", ""),
                    100 * (c[0] - c[1]) / (c[2] - c[1])));
        }
        return out.toString();
    }
}
