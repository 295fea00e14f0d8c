package dev.countersign.account.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code sessions}: a signed-in user, keyed by the hash of the session id. */
@Entity
@Table(name = "sessions")
public class SessionEntity {
    @Id
    @Column(name = "id_hash")
    public String idHash;

    @Column(name = "user_sub", nullable = false)
    public String userSub;

    @Column(name = "csrf_hash", nullable = false)
    public String csrfHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
