package dev.countersign.account;

import dev.countersign.account.store.PasskeyEntity;
import dev.countersign.account.store.PasskeyRepository;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.ProblemException;
import dev.countersign.common.RandomTokens;
import io.quarkus.security.webauthn.WebAuthnCredentialRecord;
import io.quarkus.security.webauthn.WebAuthnCredentialRecord.RequiredPersistedData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A user's passkeys (WebAuthn credentials verified by {@code quarkus-security-webauthn}): adding a
 * verified registration under a name, listing, renaming, removing, and recording each use.
 */
@ApplicationScoped
public class Passkeys {
    private final PasskeyRepository passkeys;
    private final AuditLog audit;
    private final Clock clock;

    public Passkeys(PasskeyRepository passkeys, AuditLog audit, Clock clock) {
        this.passkeys = passkeys;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public List<Passkey> listOf(String sub) {
        return passkeys.listOf(sub).stream().map(Passkeys::toPasskey).toList();
    }

    /** Checks the name; call before the WebAuthn ceremony's result is verified, so bad input costs nothing. */
    public static String checkName(String name) {
        return UserRules.passkeyName(name);
    }

    /**
     * Stores a registration the extension has verified, for the user who started it.
     *
     * @throws ProblemException 409 when the credential is already registered
     */
    @Transactional
    public Passkey add(String sub, String name, WebAuthnCredentialRecord verified) {
        RequiredPersistedData data = verified.getRequiredPersistedData();
        PasskeyEntity e = new PasskeyEntity();
        e.id = RandomTokens.of(16);
        e.userSub = sub;
        e.name = checkName(name);
        e.credentialId = data.credentialId();
        e.aaguid = data.aaguid().toString();
        e.publicKey = Base64.getEncoder().encodeToString(data.publicKey());
        e.publicKeyAlg = data.publicKeyAlgorithm();
        e.signCount = data.counter();
        e.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!passkeys.insertUnique(e)) {
            throw ProblemException.conflict("this passkey is already registered");
        }
        audit.record(AuditEvent.success("passkey.added", "user:" + sub, null, sub, "user:" + sub)
                .withDetail(Map.of("passkey", e.id)));
        return toPasskey(e);
    }

    /** Renames one of the user's passkeys; empty when the user has no such passkey. */
    @Transactional
    public Optional<Passkey> rename(String sub, String id, String name) {
        String accepted = checkName(name);
        if (id == null || !passkeys.rename(sub, id, accepted)) {
            return Optional.empty();
        }
        return passkeys.findByIdOptional(id).map(Passkeys::toPasskey);
    }

    /** Removes one of the user's passkeys; false when the user has no such passkey. */
    @Transactional
    public boolean remove(String sub, String id) {
        if (id == null || !passkeys.deleteOf(sub, id)) {
            return false;
        }
        audit.record(AuditEvent.success("passkey.removed", "user:" + sub, null, sub, "user:" + sub)
                .withDetail(Map.of("passkey", id)));
        return true;
    }

    /**
     * Records a verified assertion and returns the passkey owner's {@code sub}.
     *
     * @throws ProblemException 401 when the signature counter went backwards (a cloned authenticator)
     */
    @Transactional
    public String recordUse(String credentialId, long signCount) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        PasskeyEntity e = passkeys.findByCredentialId(credentialId)
                .orElseThrow(() -> ProblemException.unauthorized("the passkey is not registered"));
        if (!passkeys.markUsed(credentialId, signCount, now)) {
            throw ProblemException.unauthorized("the passkey's signature counter went backwards");
        }
        return e.userSub;
    }

    /** The credential ids (base64url) of the user's passkeys, for WebAuthn {@code allowCredentials}. */
    @Transactional
    public List<String> credentialIdsOf(String sub) {
        return passkeys.listOf(sub).stream().map(e -> e.credentialId).toList();
    }

    /** The public key of a registered passkey, to re-check a stored assertion later. */
    @Transactional
    public Optional<PublicKeyRecord> publicKeyOf(String credentialId) {
        return passkeys.findByCredentialId(credentialId)
                .map(e -> new PublicKeyRecord(e.userSub, Base64.getDecoder().decode(e.publicKey), e.publicKeyAlg));
    }

    /**
     * A passkey's public key.
     *
     * @param spki X.509 SubjectPublicKeyInfo encoding
     * @param alg COSE algorithm (-7 ES256, -257 RS256, -8 EdDSA)
     */
    public record PublicKeyRecord(String userSub, byte[] spki, long alg) {}

    private static Passkey toPasskey(PasskeyEntity e) {
        return new Passkey(e.id, e.name, e.createdAt, Optional.ofNullable(e.lastUsedAt));
    }
}
