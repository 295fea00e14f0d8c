package dev.countersign.common;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a scheduled method as background work that a shutdown lets finish and then starts no more
 * ({@link ShutdownGate}): every {@code @Scheduled} method carries it ({@code ArchitectureTest}).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface BackgroundJob {}
