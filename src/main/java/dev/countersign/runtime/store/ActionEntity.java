package dev.countersign.runtime.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code runtime_actions}: an action an operator defined through the admin API. */
@Entity
@Table(name = "runtime_actions")
public class ActionEntity {
    @Id
    public String name;

    /** The validated definition as JSON. */
    @Column(nullable = false)
    public String definition;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
