package dev.countersign.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo user and demo agent created on first start of the embedded shape. */
@ConfigMapping(prefix = "countersign.demo")
public interface DemoConfig {
    /** Create the demo user and agent on first start and print their credentials once. */
    @WithDefault("true")
    boolean enabled();
}
