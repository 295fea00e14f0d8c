package dev.countersign.approval.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The {@code approval_receipts} table: written once per approved high-risk request, never updated. */
@ApplicationScoped
public class ApprovalReceiptRepository implements PanacheRepositoryBase<ApprovalReceiptEntity, String> {

    public Optional<ApprovalReceiptEntity> findByRequestId(String requestId) {
        return find("requestId", requestId).firstResultOptional();
    }
}
