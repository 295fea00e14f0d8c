package dev.countersign.admin;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The operator API. */
@ConfigMapping(prefix = "countersign.admin")
public interface AdminConfig {
    /**
     * The admin bearer token (environment: {@code COUNTERSIGN_ADMIN_TOKEN}); at least 32 characters.
     * When unset, a token is generated on first start, printed once and only its hash is stored.
     */
    Optional<String> token();
}
