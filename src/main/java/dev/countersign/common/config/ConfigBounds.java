package dev.countersign.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValidator;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks this service's configuration mappings against their {@link IntRange}, {@link DurationRange}
 * and {@link Matches} bounds as SmallRye Config builds them, so a value outside its bounds stops
 * start-up with a message that names the property, its value and the bounds, before anything runs.
 *
 * <p>It walks the mapping interfaces of {@code dev.countersign} only: every method without
 * parameters that is not a {@code default} method is a property or a group of properties (a nested
 * interface, also inside {@code Optional}, {@code Map} and {@code List}). Hibernate Validator did
 * this before, but building its metadata cost a sixth to a fifth of the main thread's start-up
 * (ADR 0008, docs/performance.md), for three kinds of bound.
 */
public final class ConfigBounds implements ConfigValidator {
    private static final String OURS = "dev.countersign.";

    @Override
    public void validateMapping(Class<?> mappingClass, String prefix, Object mappingObject) {
        if (!mappingClass.getName().startsWith(OURS)) {
            return;
        }
        ConfigMapping mapping = mappingClass.getAnnotation(ConfigMapping.class);
        ConfigMapping.NamingStrategy naming =
                mapping == null ? ConfigMapping.NamingStrategy.KEBAB_CASE : mapping.namingStrategy();
        List<ConfigValidationException.Problem> problems = new ArrayList<>();
        checkGroup(mappingClass, prefix, mappingObject, naming, problems);
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems.toArray(ConfigValidationException.Problem[]::new));
        }
    }

    private static void checkGroup(
            Class<?> type,
            String path,
            Object group,
            ConfigMapping.NamingStrategy naming,
            List<ConfigValidationException.Problem> problems) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() != 0 || method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = propertyName(path, method, naming);
            Object value = valueOf(method, group);
            checkValue(method, name, value, problems);
            checkNested(method.getGenericReturnType(), name, value, naming, problems);
        }
    }

    private static String propertyName(String path, Method method, ConfigMapping.NamingStrategy naming) {
        if (method.isAnnotationPresent(WithParentName.class)) {
            return path;
        }
        WithName withName = method.getAnnotation(WithName.class);
        String own = withName != null ? withName.value() : naming.apply(method.getName());
        return path.isEmpty() ? own : path + "." + own;
    }

    private static Object valueOf(Method method, Object group) {
        try {
            return method.invoke(group);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + method + " of the configuration", e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException("Cannot read " + method + " of the configuration", e.getCause());
        }
    }

    private static void checkValue(
            Method method, String name, Object raw, List<ConfigValidationException.Problem> problems) {
        Object value = raw instanceof Optional<?> optional ? optional.orElse(null) : raw;
        if (value == null) {
            return;
        }
        IntRange ints = method.getAnnotation(IntRange.class);
        if (ints != null && value instanceof Integer number && (number < ints.min() || number > ints.max())) {
            problems.add(problem(
                    name,
                    value,
                    bounds(
                            ints.min() == Integer.MIN_VALUE ? null : ints.min(),
                            ints.max() == Integer.MAX_VALUE ? null : ints.max())));
        }
        DurationRange durations = method.getAnnotation(DurationRange.class);
        if (durations != null && value instanceof Duration duration) {
            Duration min = durations.min().isEmpty() ? null : Duration.parse(durations.min());
            Duration max = durations.max().isEmpty() ? null : Duration.parse(durations.max());
            if ((min != null && duration.compareTo(min) < 0) || (max != null && duration.compareTo(max) > 0)) {
                problems.add(problem(name, value, bounds(min, max)));
            }
        }
        Matches matches = method.getAnnotation(Matches.class);
        if (matches != null
                && value instanceof String text
                && !Pattern.compile(matches.value()).matcher(text).matches()) {
            problems.add(problem(name, value, "a match of " + matches.value()));
        }
    }

    /** "between 1 and 10", "at least 1" or "at most PT1H": a null bound is open. */
    private static String bounds(Object min, Object max) {
        return min == null ? "at most " + max : max == null ? "at least " + min : "between " + min + " and " + max;
    }

    private static ConfigValidationException.Problem problem(String name, Object value, String bounds) {
        return new ConfigValidationException.Problem(name + " must be " + bounds + ", not " + value);
    }

    private static void checkNested(
            Type type,
            String name,
            Object value,
            ConfigMapping.NamingStrategy naming,
            List<ConfigValidationException.Problem> problems) {
        if (value == null) {
            return;
        }
        if (type instanceof Class<?> raw && isGroup(raw)) {
            checkGroup(raw, name, value, naming, problems);
        } else if (type instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            Type element = arguments[arguments.length - 1];
            if (value instanceof Optional<?> optional) {
                optional.ifPresent(present -> checkNested(element, name, present, naming, problems));
            } else if (value instanceof Map<?, ?> map) {
                map.forEach((key, entry) -> checkNested(element, name + "." + mapKey(key), entry, naming, problems));
            } else if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    checkNested(element, name + "[" + i + "]", list.get(i), naming, problems);
                }
            }
        }
    }

    /** A map key as it appears in a property name: quoted when it holds a dot. */
    private static String mapKey(Object key) {
        String text = String.valueOf(key);
        return text.contains(".") ? "\"" + text + "\"" : text;
    }

    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && type.getName().startsWith(OURS);
    }
}
