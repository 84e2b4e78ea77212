package carbine.maintenance.internal;

import java.util.regex.Pattern;

/** Printer patterns as the notification channels read them: comma-separated globs ({@code *}, {@code ?}) or a /regex/. */
final class Globs {
    private Globs() {}

    /** @throws java.util.regex.PatternSyntaxException for a bad /regex/ */
    static Pattern compile(String spec) {
        String s = spec == null ? "" : spec.trim();
        if (s.isEmpty()) {
            return Pattern.compile(".*");
        }
        if (s.length() >= 2 && s.startsWith("/") && s.endsWith("/")) {
            return Pattern.compile(s.substring(1, s.length() - 1));
        }
        StringBuilder regex = new StringBuilder();
        for (String glob : s.split(",")) {
            String g = glob.trim();
            if (g.isEmpty()) {
                continue;
            }
            if (!regex.isEmpty()) {
                regex.append('|');
            }
            regex.append("(?:");
            for (char c : g.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            regex.append(')');
        }
        return Pattern.compile(regex.isEmpty() ? ".*" : regex.toString());
    }
}
