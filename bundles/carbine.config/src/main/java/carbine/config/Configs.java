package carbine.config;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Reads a component's configuration against its {@code @ObjectClassDefinition} annotation, the single source of
 * each default. Each property is converted to its attribute's type and checked against its {@link Range}; a
 * malformed or out-of-range value is reported as a {@link Problem} and the attribute's {@code default} is used;
 * an absent or blank value is its default. Only a text may have no default (required): then it is
 * {@code ""} when absent, and the bundle reports it missing. Property names are the attribute names.
 *
 * <p>Why not the typed {@code Config} DS passes to {@code activate}: Felix SCR converts a malformed value (e.g.
 * {@code intervalMillis=abc}) into an accessor that throws {@code ComponentException} when called, so one typo
 * would fail the activation (and without a range check, an out-of-range value is used as is).
 */
public final class Configs {
    private Configs() {
    }

    /** The annotation's defaults: what {@link #read} gives for no properties. */
    public static <A> A defaults(Class<A> type) {
        return read(type, Map.of(), problem -> {
        });
    }

    /** An instance of {@code type} whose attributes are read from {@code properties}, reporting what it rejects. */
    public static <A> A read(Class<A> type, Map<String, ?> properties, Consumer<? super Problem> problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            // a required text (no default) is "" when absent: the bundle says what is missing
            Object fallback = m.getDefaultValue() == null && m.getReturnType() == String.class ? ""
                    : m.getDefaultValue();
            if (fallback == null) {
                throw new IllegalArgumentException(type.getName() + "." + m.getName() + "() has no default");
            }
            Object raw = properties.get(m.getName());
            values.put(m.getName(), raw == null ? fallback : convert(m, raw, fallback, problems));
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (values.containsKey(m.getName())) {
                return values.get(m.getName()) instanceof Object[] a ? a.clone() : values.get(m.getName());
            }
            return switch (m.getName()) {
                case "annotationType" -> type;
                case "hashCode" -> System.identityHashCode(p);
                case "equals" -> p == args[0];
                default -> type.getSimpleName() + values.entrySet().stream()
                        .map(e -> e.getKey() + "=" + text(e.getValue()))
                        .collect(Collectors.joining(", ", "(", ")"));
            };
        });
        return type.cast(proxy);
    }

    private static Object convert(Method m, Object raw, Object fallback, Consumer<? super Problem> problems) {
        Class<?> t = m.getReturnType();
        if (t == String[].class) {
            return raw instanceof Collection<?> c ? c.stream().map(String::valueOf).toArray(String[]::new)
                    : raw.getClass().isArray() ? toStrings(raw) : new String[] {raw.toString()};
        }
        boolean many = raw instanceof Collection<?> || raw.getClass().isArray();
        String s = many ? text(raw instanceof Collection<?> c ? c.toArray() : toStrings(raw)) : raw.toString();
        if (s.isBlank()) {
            return fallback;
        }
        if (t == String.class && !many) {
            return s;
        }
        // one value: a list where one is expected is malformed (not its first element, as Felix SCR would take)
        Object value = many ? null : parse(t, raw instanceof Number || raw instanceof Boolean ? raw : s.trim());
        Range range = m.getAnnotation(Range.class);
        if (value instanceof Number n && range != null
                && !(n.doubleValue() >= range.min() && n.doubleValue() <= range.max())) {
            value = null;
        }
        if (value == null) {
            problems.accept(new Problem(m.getName(), s, expected(t, range), text(fallback)));
            return fallback;
        }
        return value;
    }

    /** The value as {@code type}, or null if it is not one. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parse(Class<?> type, Object raw) {
        if (type == boolean.class) {
            return raw instanceof Boolean b ? b : "true".equalsIgnoreCase(raw.toString()) ? Boolean.TRUE
                    : "false".equalsIgnoreCase(raw.toString()) ? Boolean.FALSE : null;
        }
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).filter(e -> ((Enum) e).name().equalsIgnoreCase(
                    raw.toString())).findFirst().orElse(null);
        }
        if (type == int.class || type == long.class) {
            Long l = whole(raw);
            if (l == null || type == int.class && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
                return null;
            }
            return type == long.class ? (Object) l : (Object) l.intValue();
        }
        Double d = raw instanceof Number n ? Double.valueOf(n.doubleValue()) : toDouble(raw.toString());
        if (d == null || Double.isNaN(d)) {
            return null;
        }
        return type == double.class ? d : Float.valueOf(d.floatValue());
    }

    /** A whole number, exactly (a long is not rounded through a double), or null. */
    private static Long whole(Object raw) {
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof String s) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                // perhaps 1e3 or 2.0
            }
        }
        Double d = raw instanceof Number n ? Double.valueOf(n.doubleValue()) : toDouble(raw.toString());
        return d != null && d == Math.rint(d) && Math.abs(d) < 9.2e18 ? d.longValue() : null;
    }

    private static Double toDouble(String s) {
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String expected(Class<?> type, Range range) {
        if (range != null && !range.is().isEmpty()) {
            return range.is();
        }
        if (type == boolean.class || type == String.class) {
            return type == String.class ? "one text" : "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(e -> ((Enum<?>) e).name())
                    .collect(Collectors.joining(", "));
        }
        String what = type == double.class || type == float.class ? "a number" : "a whole number";
        if (range == null || range.min() == Double.NEGATIVE_INFINITY && range.max() == Double.POSITIVE_INFINITY) {
            return what;
        }
        if (range.max() == Double.POSITIVE_INFINITY) {
            return what + " >= " + text(range.min());
        }
        return range.min() == Double.NEGATIVE_INFINITY ? what + " <= " + text(range.max())
                : what + " between " + text(range.min()) + " and " + text(range.max());
    }

    /** A number as a person writes it: 10, 0.95, 1.0E-4, ∞. */
    static String text(Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isInfinite(d) || Math.abs(d) == Double.MAX_VALUE) {
                return d > 0 ? "∞" : "-∞";
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        return value instanceof Object[] a ? Arrays.toString(a) : String.valueOf(value);
    }

    private static String[] toStrings(Object array) {
        String[] out = new String[Array.getLength(array)];
        for (int i = 0; i < out.length; i++) {
            out[i] = String.valueOf(Array.get(array, i));
        }
        return out;
    }
}
