package dev.countersign.runtime;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Picks the {@link CibaClient} adapter that {@code countersign.runtime.provider} names among the
 * beans annotated {@code @Identifier("embedded")} / {@code @Identifier("external")}, and makes it
 * the one every runtime class receives. A missing adapter stops start-up with a clear message.
 */
@ApplicationScoped
public class CibaClientSelection {
    private final RuntimeConfig config;

    public CibaClientSelection(RuntimeConfig config) {
        this.config = config;
    }

    @Produces
    @ApplicationScoped
    CibaClient selected(@Any Instance<CibaClient> adapters) {
        String name = config.provider().name();
        Instance<CibaClient> chosen = adapters.select(Identifier.Literal.of(name));
        if (!chosen.isResolvable()) {
            throw new IllegalStateException("countersign.runtime.provider=" + name
                    + " but no CibaClient adapter @Identifier(\"" + name + "\") is available in this build");
        }
        return chosen.get();
    }

    void check(@Observes StartupEvent event, @Any Instance<CibaClient> adapters) {
        if (config.enabled()
                && !adapters.select(Identifier.Literal.of(config.provider().name()))
                        .isResolvable()) {
            throw new IllegalStateException(
                    "countersign.runtime.provider=" + config.provider().name()
                            + " but no CibaClient adapter @Identifier(\""
                            + config.provider().name()
                            + "\") is available in this build");
        }
    }
}
