package dev.countersign.provider.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The stored signing keys. Keys are only ever added: rotation inserts, nothing updates. */
@ApplicationScoped
public class SigningKeyRepository implements PanacheRepositoryBase<SigningKeyEntity, String> {

    public List<SigningKeyEntity> all() {
        return listAll();
    }

    public boolean none() {
        return count() == 0;
    }

    /** Stores a new key; a clash on {@code kid} (a duplicate key) fails the transaction. */
    public void add(SigningKeyEntity key) {
        persist(key);
    }
}
