package dev.countersign.common.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The inclusive bounds of a {@link java.time.Duration} setting (or of an {@code Optional} one, when
 * set), as ISO-8601 durations such as {@code PT1S}; empty means unbounded on that side. A value
 * outside them stops start-up.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DurationRange {
    String min() default "";

    String max() default "";
}
