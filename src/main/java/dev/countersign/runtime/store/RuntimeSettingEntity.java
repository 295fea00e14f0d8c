package dev.countersign.runtime.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of {@code runtime_settings}: a fact the runtime keeps about itself. */
@Entity
@Table(name = "runtime_settings")
public class RuntimeSettingEntity {
    @Id
    public String name;

    @Column(name = "setting_value", nullable = false)
    public String value;
}
