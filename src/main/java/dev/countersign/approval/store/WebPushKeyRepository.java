package dev.countersign.approval.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** The store of the VAPID key pair. */
@ApplicationScoped
public class WebPushKeyRepository implements PanacheRepositoryBase<WebPushKeyEntity, String> {}
