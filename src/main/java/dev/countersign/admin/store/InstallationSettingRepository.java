package dev.countersign.admin.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class InstallationSettingRepository implements PanacheRepositoryBase<InstallationSettingEntity, String> {

    public Optional<String> value(String name) {
        return findByIdOptional(name).map(s -> s.value);
    }

    /** Stores the value unless one exists; returns whether this call stored it. */
    public boolean insertIfAbsent(String name, String value) {
        if (findByIdOptional(name).isPresent()) {
            return false;
        }
        InstallationSettingEntity setting = new InstallationSettingEntity();
        setting.name = name;
        setting.value = value;
        persist(setting);
        return true;
    }
}
