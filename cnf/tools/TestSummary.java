import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Counts the JUnit XML reports of every module (Surefire's and bnd-testing's) and prints one line
 * "N passed, N failed[, N skipped]". Exits 1 when a test failed or none ran.
 * Usage: java cnf/tools/TestSummary.java REPOSITORY_ROOT
 */
public class TestSummary {
    private static final Pattern SUITE = Pattern.compile("<testsuite\\b([^>]*)>");

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        List<Path> reports;
        try (Stream<Path> files = Files.walk(root)) {
            reports = files.filter(p -> p.getFileName().toString().matches("TEST-.*\\.xml"))
                    .filter(p -> p.toString().contains("/target/"))
                    .sorted().toList();
        }
        long tests = 0, failed = 0, skipped = 0;
        for (Path report : reports) {
            Matcher m = SUITE.matcher(Files.readString(report));
            if (!m.find()) continue;
            String attrs = m.group(1);
            long t = attr(attrs, "tests"), f = attr(attrs, "failures") + attr(attrs, "errors"), s = attr(attrs, "skipped");
            tests += t;
            failed += f;
            skipped += s;
            if (f > 0) System.out.println("FAILED in " + root.relativize(report));
        }
        long passed = tests - failed - skipped;
        System.out.println(reports.size() + " test reports read");
        System.out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        if (failed > 0 || tests == 0) {
            if (tests == 0) System.out.println("no test ran: that is a failure");
            System.exit(1);
        }
    }

    private static long attr(String attrs, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=\"(\\d+)\"").matcher(attrs);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
