package dev.countersign.provider.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The registered clients. */
@ApplicationScoped
public class ClientRepository implements PanacheRepositoryBase<ClientEntity, String> {

    public Optional<ClientEntity> byClientId(String clientId) {
        return findByIdOptional(clientId);
    }

    public void add(ClientEntity client) {
        persist(client);
    }

    /** Deletes the client; returns whether it existed. */
    public boolean remove(String clientId) {
        return delete("clientId", clientId) > 0;
    }
}
