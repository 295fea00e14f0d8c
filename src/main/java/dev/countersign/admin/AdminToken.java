package dev.countersign.admin;

import dev.countersign.admin.store.InstallationSettingRepository;
import dev.countersign.common.RandomTokens;
import dev.countersign.common.SecretHasher;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The operator's bearer token for {@code /admin/*}. Taken from {@code COUNTERSIGN_ADMIN_TOKEN}, or
 * generated on first start, printed once to the console and stored only as a hash.
 */
@Singleton
public class AdminToken {
    static final String SETTING = "admin_token_hash";
    private static final int MIN_LENGTH = 32;

    private final AdminConfig config;
    private final SecretHasher hasher;
    private final InstallationSettingRepository settings;
    private volatile String expectedHash;

    public AdminToken(AdminConfig config, SecretHasher hasher, InstallationSettingRepository settings) {
        this.config = config;
        this.hasher = hasher;
        this.settings = settings;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        Optional<String> configured = config.token();
        if (configured.isPresent()) {
            if (configured.get().length() < MIN_LENGTH) {
                throw new IllegalStateException(
                        "countersign.admin.token must be at least " + MIN_LENGTH + " characters");
            }
            expectedHash = hasher.hash(configured.get());
            return;
        }
        String fresh = RandomTokens.of(32);
        boolean stored =
                QuarkusTransaction.requiringNew().call(() -> settings.insertIfAbsent(SETTING, hasher.hash(fresh)));
        if (stored) {
            ConsoleNotice.print("Admin token (shown once; set COUNTERSIGN_ADMIN_TOKEN to choose your own):", fresh);
        }
        expectedHash = QuarkusTransaction.requiringNew()
                .call(() -> settings.value(SETTING).orElseThrow());
    }

    /** Whether the presented bearer token is the admin token (constant-time). */
    public boolean matches(String presented) {
        return presented != null && hasher.matches(presented, expectedHash);
    }
}
