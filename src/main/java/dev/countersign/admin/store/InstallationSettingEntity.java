package dev.countersign.admin.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A named fact of this installation, such as the hash of the generated admin token. */
@Entity
@Table(name = "installation_settings")
public class InstallationSettingEntity {
    @Id
    public String name;

    @Column(name = "setting_value", nullable = false)
    public String value;
}
