package dev.countersign.runtime.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The runtime's own settings (e.g. its client id at the embedded provider). */
@ApplicationScoped
public class RuntimeSettingRepository implements PanacheRepositoryBase<RuntimeSettingEntity, String> {
    public Optional<String> value(String name) {
        return findByIdOptional(name).map(s -> s.value);
    }

    /** Stores a new value; fails at flush if another transaction stored one first. */
    public void insert(String name, String value) {
        RuntimeSettingEntity setting = new RuntimeSettingEntity();
        setting.name = name;
        setting.value = value;
        persist(setting);
        flush();
    }

    /** Stores or replaces the value. */
    public void put(String name, String value) {
        RuntimeSettingEntity setting = findById(name);
        if (setting == null) {
            setting = new RuntimeSettingEntity();
            setting.name = name;
            setting.value = value;
            persist(setting);
        } else {
            setting.value = value;
        }
    }
}
