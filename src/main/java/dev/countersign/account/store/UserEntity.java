package dev.countersign.account.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code users}: a person who approves requests, with the hash of their password. */
@Entity
@Table(name = "users")
public class UserEntity {
    @Id
    public String sub;

    @Column(nullable = false)
    public String username;

    @Column(name = "username_key", nullable = false)
    public String usernameKey;

    public String email;

    @Column(name = "email_key")
    public String emailKey;

    public String name;

    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "failed_logins", nullable = false)
    public int failedLogins;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
