package dev.countersign.common.config;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Installs {@link ConfigBounds} in every SmallRye Config this service builds (registered in
 * {@code META-INF/services}), so the bounds are checked when the configuration is built.
 */
public final class ConfigBoundsInstaller implements SmallRyeConfigBuilderCustomizer {
    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withValidator(new ConfigBounds());
    }
}
