package carbine.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The valid values of a numeric attribute of a {@code Config} annotation, checked by {@link Configs#read}; the
 * metatype annotations are not kept at run time, so the range is stated here.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Range {
    double min() default Double.NEGATIVE_INFINITY;

    double max() default Double.POSITIVE_INFINITY;

    /** What a valid value is, for the message; empty: "a [whole] number >= min", "… between min and max". */
    String is() default "";
}
