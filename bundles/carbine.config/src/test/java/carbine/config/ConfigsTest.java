package carbine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigsTest {
    enum Mode { FAST, SAFE }

    @interface Config {
        @Range(min = 1)
        int intervalMillis() default 5000;

        @Range(min = 0, max = 1)
        double ratio() default 0.95;

        @Range(min = 1e-15, max = 0.5)
        double tail() default 1e-4;

        @Range(min = 0, max = Double.MAX_VALUE)
        double jamSeconds() default 10;

        @Range(max = 0)
        double offset() default -1;

        long seed() default 42;

        @Range(min = 0, is = "a whole number of seconds >= 0")
        long waitSeconds() default 30;

        Mode mode() default Mode.SAFE;

        boolean enabled() default true;

        String name() default "printer-1";

        String[] printers() default {"*"};
    }

    @interface NoDefault {
        int x();
    }

    @interface Required {
        String url();
    }

    private final List<Problem> problems = new ArrayList<>();

    @Test
    void absentPropertiesAreTheAnnotationsDefaults() {
        Config c = Configs.read(Config.class, Map.of(), problems::add);

        assertThat(c.intervalMillis()).isEqualTo(5000);
        assertThat(c.ratio()).isEqualTo(0.95);
        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.mode()).isEqualTo(Mode.SAFE);
        assertThat(c.enabled()).isTrue();
        assertThat(c.name()).isEqualTo("printer-1");
        assertThat(c.printers()).containsExactly("*");
        assertThat(c.annotationType()).isEqualTo(Config.class);
        assertThat(problems).isEmpty();
        assertThat(Configs.defaults(Config.class).intervalMillis()).isEqualTo(5000);
    }

    @Test
    void numbersStringsAndOtherTypesAreConverted() {
        Config c = Configs.read(Config.class, Map.of("intervalMillis", " 200", "ratio", 0.5f, "seed", "1e3",
                "mode", "fast", "enabled", "FALSE", "name", "farm", "printers", List.of("a-*", "b"),
                "waitSeconds", 7), problems::add);

        assertThat(c.intervalMillis()).isEqualTo(200);
        assertThat(c.ratio()).isEqualTo(0.5);
        assertThat(c.seed()).isEqualTo(1000);
        assertThat(c.waitSeconds()).isEqualTo(7);
        assertThat(c.mode()).isEqualTo(Mode.FAST);
        assertThat(c.enabled()).isFalse();
        assertThat(c.name()).isEqualTo("farm");
        assertThat(c.printers()).containsExactly("a-*", "b");
        assertThat(problems).isEmpty();
    }

    @Test
    void malformedValuesAreNamedAndTheDefaultIsUsed() {
        Config c = Configs.read(Config.class, Map.of("intervalMillis", "abc", "seed", "2.5", "mode", "turbo",
                "enabled", 1, "ratio", "NaN"), problems::add);

        assertThat(c.intervalMillis()).isEqualTo(5000);
        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.mode()).isEqualTo(Mode.SAFE);
        assertThat(c.enabled()).isTrue();
        assertThat(c.ratio()).isEqualTo(0.95);
        assertThat(problems).map(Problem::toString).containsExactlyInAnyOrder(
                "configuration intervalMillis = 'abc' is not a whole number >= 1; using the default 5000",
                "configuration seed = '2.5' is not a whole number; using the default 42",
                "configuration mode = 'turbo' is not one of FAST, SAFE; using the default SAFE",
                "configuration enabled = '1' is not true or false; using the default true",
                "configuration ratio = 'NaN' is not a number between 0 and 1; using the default 0.95");
    }

    @Test
    void valuesOutOfRangeAreNamedWithTheRangeOrItsDescription() {
        Config c = Configs.read(Config.class, Map.of("intervalMillis", -5, "ratio", 1.5, "tail", "often",
                "waitSeconds", "-1", "jamSeconds", "ten", "offset", 2), problems::add);

        assertThat(c.intervalMillis()).isEqualTo(5000);
        assertThat(c.ratio()).isEqualTo(0.95);
        assertThat(c.waitSeconds()).isEqualTo(30);
        assertThat(problems).map(Problem::toString).containsExactlyInAnyOrder(
                "configuration intervalMillis = '-5' is not a whole number >= 1; using the default 5000",
                "configuration ratio = '1.5' is not a number between 0 and 1; using the default 0.95",
                "configuration tail = 'often' is not a number between 1.0E-15 and 0.5; using the default 1.0E-4",
                "configuration waitSeconds = '-1' is not a whole number of seconds >= 0; using the default 30",
                "configuration jamSeconds = 'ten' is not a number between 0 and ∞; using the default 10",
                "configuration offset = '2' is not a number <= 0; using the default -1");
        assertThat(problems).filteredOn(p -> p.property().equals("waitSeconds")).singleElement()
                .extracting(Problem::invalid).isEqualTo(
                        "property waitSeconds = '-1' is invalid (a whole number of seconds >= 0); using 30");
    }

    @Test
    void aBlankValueIsItsDefault() {
        Config c = Configs.read(Config.class, Map.of("name", "  ", "intervalMillis", " ", "mode", ""), problems::add);

        assertThat(c.name()).isEqualTo("printer-1");
        assertThat(c.intervalMillis()).isEqualTo(5000);
        assertThat(c.mode()).isEqualTo(Mode.SAFE);
        assertThat(problems).isEmpty();
    }

    @Test
    void aListWhereOneValueIsExpectedIsMalformed() {
        Config c = Configs.read(Config.class, Map.of("intervalMillis", new int[] {1}, "name", List.of("a", "b")),
                problems::add);

        assertThat(c.intervalMillis()).isEqualTo(5000);
        assertThat(c.name()).isEqualTo("printer-1");
        assertThat(problems).map(Problem::toString).containsExactlyInAnyOrder(
                "configuration intervalMillis = '[1]' is not a whole number >= 1; using the default 5000",
                "configuration name = '[a, b]' is not one text; using the default printer-1");
    }

    @Test
    void aWholeNumberTooLargeForAnIntIsMalformed() {
        Config c = Configs.read(Config.class, Map.of("intervalMillis", 3_000_000_000L), problems::add);

        assertThat(c.intervalMillis()).isEqualTo(5000);
        assertThat(problems).hasSize(1);
        assertThat(Configs.read(Config.class, Map.of("seed", "9007199254740993"), problems::add).seed())
                .as("not rounded through a double").isEqualTo(9007199254740993L);
    }

    @Test
    void anAttributeWithoutDefaultIsAProgrammingError() {
        assertThatThrownBy(() -> Configs.defaults(NoDefault.class)).hasMessageContaining("x() has no default");
    }

    @Test
    void aRequiredTextIsEmptyWhenAbsent() {
        assertThat(Configs.defaults(Required.class).url()).isEmpty();
        assertThat(Configs.read(Required.class, Map.of("url", "http://h"), problems::add).url()).isEqualTo("http://h");
        assertThat(problems).isEmpty();
    }

    @Test
    void theInstanceNamesItsValues() {
        assertThat(Configs.defaults(Config.class).toString()).contains("intervalMillis=5000", "ratio=0.95");
    }
}
