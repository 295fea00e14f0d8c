package dev.countersign.approval.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The store of registered devices; every change is one conditional update scoped to the owner. */
@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<DeviceEntity, String> {
    public List<DeviceEntity> findByUser(String userSub) {
        return find("userSub", Sort.ascending("createdAt"), userSub).list();
    }

    public Optional<DeviceEntity> findByEndpoint(String userSub, String endpointHash) {
        return find("userSub = ?1 and endpointHash = ?2", userSub, endpointHash).firstResultOptional();
    }

    /** A re-registration of the same endpoint: new name and keys, same device. */
    public boolean update(String id, String userSub, String name, String subscription) {
        return update(
                        "name = :name, subscription = :subscription where id = :id and userSub = :user",
                        Parameters.with("name", name)
                                .and("subscription", subscription)
                                .and("id", id)
                                .and("user", userSub))
                == 1;
    }

    /** Deletes the user's device; false when it is unknown or another user's. */
    public boolean deleteOwned(String id, String userSub) {
        return delete("id = ?1 and userSub = ?2", id, userSub) == 1;
    }

    /** The push service said the subscription is gone (RFC 8030 §7.3): forget it. */
    public boolean deleteGone(String id) {
        return delete("id", id) == 1;
    }

    public boolean markUsed(String id, Instant now) {
        return update("lastUsedAt = ?1 where id = ?2", NotificationJobRepository.micros(now), id) == 1;
    }
}
