package dev.countersign.approval.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/** The store of registered devices; every change is one conditional update scoped to the owner. */
@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<DeviceEntity, String> {
    private static final String SUBSCRIPTIONS =
            "select id, subscription from devices where user_sub = ? and kind = ? order by created_at, id";

    public List<DeviceEntity> findByUser(String userSub) {
        return find("userSub", Sort.ascending("createdAt"), userSub).list();
    }

    /**
     * The sealed subscriptions of the user's devices of one kind, oldest first, as id → sealed
     * subscription. A prepared statement on the transaction's connection: it runs on every
     * {@code bc-authorize} (the fan-out to the user's phones), where a Hibernate query cost a tenth
     * of the endpoint's time, for a user who usually has one device or none.
     */
    public Map<String, String> sealedSubscriptionsOf(String userSub, String kind) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SUBSCRIPTIONS)) {
                select.setString(1, userSub);
                select.setString(2, kind);
                Map<String, String> found = new LinkedHashMap<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.put(row.getString(1), row.getString(2));
                    }
                }
                return found;
            }
        });
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
