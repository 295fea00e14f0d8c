package dev.countersign.account;

import dev.countersign.account.store.PasskeyEntity;
import dev.countersign.account.store.PasskeyRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.webauthn.WebAuthnCredentialRecord;
import io.quarkus.security.webauthn.WebAuthnCredentialRecord.RequiredPersistedData;
import io.quarkus.security.webauthn.WebAuthnUserProvider;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The database-backed credential store of {@code quarkus-security-webauthn}. The WebAuthn
 * "username" is the user's opaque {@code sub}. Registration and counter updates go through
 * {@link Passkeys} (which names the passkey), so {@link #store} and {@link #update} are not used by
 * the extension's own endpoints, which stay disabled. {@code @Blocking}: every call reads the database.
 */
@Blocking
@ApplicationScoped
public class PasskeyCredentials implements WebAuthnUserProvider {
    private final PasskeyRepository passkeys;

    public PasskeyCredentials(PasskeyRepository passkeys) {
        this.passkeys = passkeys;
    }

    @Override
    public Uni<List<WebAuthnCredentialRecord>> findByUsername(String sub) {
        return Uni.createFrom()
                .item(() -> QuarkusTransaction.requiringNew()
                        .call(() -> passkeys.listOf(sub).stream()
                                .map(PasskeyCredentials::toRecord)
                                .toList()));
    }

    /** Fails for an unknown credential id, as the extension requires. */
    @Override
    public Uni<WebAuthnCredentialRecord> findByCredentialId(String credentialId) {
        return Uni.createFrom()
                .item(() -> QuarkusTransaction.requiringNew()
                        .call(() -> passkeys.findByCredentialId(credentialId))
                        .map(PasskeyCredentials::toRecord)
                        .orElseThrow(() -> new UnknownPasskey()));
    }

    static WebAuthnCredentialRecord toRecord(PasskeyEntity e) {
        return WebAuthnCredentialRecord.fromRequiredPersistedData(new RequiredPersistedData(
                e.userSub,
                e.credentialId,
                UUID.fromString(e.aaguid),
                Base64.getDecoder().decode(e.publicKey),
                e.publicKeyAlg,
                e.signCount));
    }

    /** No passkey has the presented credential id. */
    static final class UnknownPasskey extends RuntimeException {
        UnknownPasskey() {
            super("no passkey has this credential id", null, false, false);
        }
    }
}
