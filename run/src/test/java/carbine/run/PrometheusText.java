package carbine.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests (the Java client has no parser): every
 * line must follow the grammar, and the rules Prometheus and {@code promtool check metrics} enforce are checked —
 * one {@code # TYPE} per family before its samples, a family's samples together, sample names that fit the type,
 * no series twice, no label twice, histogram buckets cumulative up to {@code +Inf} = {@code _count}. Throws
 * {@link IllegalArgumentException} naming the line on the first violation.
 */
final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") ((?:[^\\\\\\n]|\\\\[\\\\n])*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? (\\S+)(?: (-?[0-9]+))?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(?:Inf|NaN|(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)");

    /** Series (name and sorted labels, as {@link #key}) → value, in the order read. */
    final Map<String, Double> series = new LinkedHashMap<>();
    /** Family → type. */
    final Map<String, String> types = new HashMap<>();
    final Map<String, String> helps = new HashMap<>();

    private final Set<String> finished = new HashSet<>();
    private String current;

    private PrometheusText() {}

    /** The next line belongs to this family: a family left before may not come back. */
    private void enter(String family) {
        if (!family.equals(current)) {
            require(!finished.contains(family), family + " is split in two groups");
            if (current != null) {
                finished.add(current);
            }
            current = family;
        }
    }

    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line has no line feed");
        }
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("#")) {
                    Matcher help = HELP.matcher(line);
                    Matcher type = TYPE.matcher(line);
                    String family;
                    if (line.startsWith("# HELP ")) {
                        require(help.matches(), "malformed HELP");
                        family = help.group(1);
                        require(p.helps.put(family, help.group(2)) == null, "second HELP for " + family);
                    } else if (line.startsWith("# TYPE ")) {
                        require(type.matches(), "malformed TYPE");
                        family = type.group(1);
                        require(p.types.put(family, type.group(2)) == null, "second TYPE for " + family);
                        require(!p.sampled(family), "TYPE of " + family + " after its samples");
                    } else {
                        continue; // a comment
                    }
                    p.enter(family);
                    continue;
                }
                Matcher m = SAMPLE.matcher(line);
                require(m.matches(), "not a sample line");
                String name = m.group(1);
                Map<String, String> labels = labels(m.group(2));
                String value = m.group(3);
                require(FLOAT.matcher(value).matches(), "not a float: " + value);
                p.enter(p.familyOf(name, labels));
                String key = key(name, labels);
                require(p.series.put(key, number(value)) == null, "series twice: " + key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + n + ": " + e.getMessage() + ": " + line, e);
            }
        }
        p.checkHistograms();
        return p;
    }

    private boolean sampled(String family) {
        return series.keySet().stream().anyMatch(k -> k.equals(family) || k.startsWith(family + "{")
                || k.startsWith(family + "_bucket") || k.startsWith(family + "_sum") || k.startsWith(family + "_count"));
    }

    private String familyOf(String name, Map<String, String> labels) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String t = types.get(base);
                if ("histogram".equals(t) || "summary".equals(t)) {
                    require(!suffix.equals("_bucket") || "histogram".equals(t), "_bucket of a summary");
                    require(!suffix.equals("_bucket") || labels.containsKey("le"), "a bucket without le");
                    return base;
                }
            }
        }
        String t = types.get(name);
        require(t == null || t.equals("counter") || t.equals("gauge") || t.equals("untyped")
                || t.equals("summary") && labels.containsKey("quantile"), "a bare sample of a " + t);
        require(!"histogram".equals(t), "a bare sample of a histogram");
        return name;
    }

    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<String, TreeMap<Double, Double>> buckets = new HashMap<>();
            Map<String, Double> counts = new HashMap<>();
            series.forEach((key, v) -> {
                Map<String, String> labels = labelsOf(key);
                String name = key.contains("{") ? key.substring(0, key.indexOf('{')) : key;
                if (name.equals(family + "_bucket")) {
                    double le = number(labels.remove("le"));
                    buckets.computeIfAbsent(labels.toString(), k -> new TreeMap<>()).put(le, v);
                } else if (name.equals(family + "_count")) {
                    counts.put(labels.toString(), v);
                }
            });
            require(!buckets.isEmpty(), "histogram " + family + " without buckets");
            buckets.forEach((labels, byLe) -> {
                require(byLe.containsKey(Double.POSITIVE_INFINITY), family + labels + " has no +Inf bucket");
                double previous = 0;
                for (double v : byLe.values()) {
                    require(v >= previous, family + labels + " buckets are not cumulative");
                    previous = v;
                }
                require(byLe.get(Double.POSITIVE_INFINITY).equals(counts.get(labels)),
                        family + labels + ": +Inf bucket is not _count");
            });
        });
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            require(m.find(at) && m.start() == at, "malformed labels at " + at + " of {" + text + "}");
            require(labels.put(m.group(1), unescape(m.group(2))) == null, "label twice: " + m.group(1));
            at = m.end();
        }
        return labels;
    }

    private static String unescape(String v) {
        return v.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static Map<String, String> labelsOf(String key) {
        int brace = key.indexOf('{');
        return brace < 0 ? new TreeMap<>() : labels(key.substring(brace + 1, key.length() - 1));
    }

    private static double number(String v) {
        return switch (v) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what);
        }
    }

    /** The key of a series: {@code name{a="x",b="y"}} with labels sorted and escaped as in the format. */
    static String key(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=\"" + v.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n") + "\""));
        return name + "{" + String.join(",", parts) + "}";
    }

    /** The value of one series, null if absent. {@code labels} are name, value, name, value, ... */
    Double value(String name, String... labels) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            m.put(labels[i], labels[i + 1]);
        }
        return series.get(key(name, m));
    }

    /** Every series whose labels include {@code label=value}. */
    List<String> withLabel(String label, String value) {
        String needle = label + "=\"" + value + "\"";
        return series.keySet().stream().filter(k -> k.contains("{" + needle + ",") || k.contains("," + needle + ",")
                || k.contains("{" + needle + "}") || k.contains("," + needle + "}")).toList();
    }
}
