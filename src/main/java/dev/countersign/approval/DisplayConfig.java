package dev.countersign.approval;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/** How requests are put into words for the user ({@code countersign.display.*}). */
@ConfigMapping(prefix = "countersign.display")
public interface DisplayConfig {
    /** The locale amounts are formatted in, as a BCP 47 tag: {@code en} gives €42.00, {@code de-DE} gives 42,00 €. */
    @WithDefault("en")
    String locale();

    /** Plain-language descriptions of scopes, keyed by scope; they replace the built-in ones. */
    Map<String, Scope> scopes();

    /** One scope's description. */
    interface Scope {
        /** The sentence shown for the scope, e.g. "Make payments from your accounts". */
        String description();
    }
}
