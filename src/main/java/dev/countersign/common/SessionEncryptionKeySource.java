package dev.countersign.common;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies {@code quarkus.http.auth.session.encryption-key} (the key that protects the WebAuthn
 * challenge cookie) derived from the master key, unless the operator sets it. Without it Quarkus
 * generates a key per start and prints it in a log line; with it the key is the same on every
 * instance that shares the master key and survives restarts, and no secret is logged.
 *
 * <p>The value is computed only when asked for and the name is never listed, so the build never
 * records it as a default value of the application.
 */
public class SessionEncryptionKeySource implements ConfigSourceFactory {
    static final String PROPERTY = "quarkus.http.auth.session.encryption-key";
    /** Below application.properties (250) and environment variables (300): an operator's value wins. */
    private static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        return List.of(new Derived(context));
    }

    private static final class Derived implements ConfigSource {
        private final ConfigSourceContext context;
        private volatile String value;

        Derived(ConfigSourceContext context) {
            this.context = context;
        }

        @Override
        public Set<String> getPropertyNames() {
            return Set.of();
        }

        @Override
        public Map<String, String> getProperties() {
            return Map.of();
        }

        @Override
        public String getValue(String name) {
            if (!PROPERTY.equals(name)) {
                return null;
            }
            if (value == null) {
                Optional<String> masterKey = Optional.ofNullable(context.getValue("countersign.master-key"))
                        .map(ConfigValue::getValue);
                String dataDir = Optional.ofNullable(context.getValue("countersign.data-dir"))
                        .map(ConfigValue::getValue)
                        .orElse("data");
                // The database kind is fixed at build time and recorded with the package's defaults.
                String dbKind = Optional.ofNullable(context.getValue("quarkus.datasource.db-kind"))
                        .map(ConfigValue::getValue)
                        .orElse("h2");
                byte[] key = MasterKey.load(masterKey, Path.of(dataDir), dbKind);
                value = Base64.getEncoder()
                        .encodeToString(
                                MasterKey.derive(key, "http-session-encryption").getEncoded());
            }
            return value;
        }

        @Override
        public String getName() {
            return "countersign-derived-session-encryption-key";
        }

        @Override
        public int getOrdinal() {
            return ORDINAL;
        }
    }
}
