package dev.countersign.common.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The inclusive bounds of an {@code int} setting; a value outside them stops start-up. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface IntRange {
    int min() default Integer.MIN_VALUE;

    int max() default Integer.MAX_VALUE;
}
