package dev.countersign.runtime.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The actions operators defined through the admin API. */
@ApplicationScoped
public class ActionRepository implements PanacheRepositoryBase<ActionEntity, String> {
    public List<ActionEntity> all() {
        return listAll(Sort.ascending("name"));
    }

    /** Removes the action; returns whether it existed. */
    public boolean remove(String name) {
        return delete("name", name) == 1;
    }
}
