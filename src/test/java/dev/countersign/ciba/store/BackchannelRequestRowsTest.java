package dev.countersign.ciba.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.countersign.testing.PostgresServerResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The request row that {@code bc-authorize} writes with a plain statement reads back, field by
 * field, as the entity every other path uses (on H2 and, in the {@code postgresql} run, on
 * PostgreSQL).
 */
@QuarkusTest
@Tag(PostgresServerResource.TAG)
@DisplayName("CIBA Core 1.0 §7.3: a started request is stored whole")
class BackchannelRequestRowsTest {
    @Inject
    BackchannelRequestRepository requests;

    @Test
    void everyFieldOfAPingRequestReadsBackAsWritten() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        BackchannelRequestEntity row = row(now);
        row.bindingMessage = "Pay 12,50 € to Zoë — 付款";
        row.acrValues = "urn:countersign:acr:passkey";
        row.authorizationDetails = "[{\"type\":\"payment_initiation\",\"amount\":\"12.50\"}]";
        row.deliveryMode = "ping";
        row.notificationSecrets = "sealed-secrets";
        row.numberChoices = "12,47,83";
        row.unreachedAt = now.plusMillis(1);

        QuarkusTransaction.requiringNew().run(() -> requests.insert(row));

        assertStoredAs(row);
    }

    @Test
    void theOptionalFieldsOfAPollRequestStayEmpty() {
        BackchannelRequestEntity row = row(Instant.now().truncatedTo(ChronoUnit.MICROS));

        QuarkusTransaction.requiringNew().run(() -> requests.insert(row));

        BackchannelRequestEntity stored = assertStoredAs(row);
        assertThat(stored.bindingMessage).isNull();
        assertThat(stored.deliveryMode).isNull();
        assertThat(stored.unreachedAt).isNull();
    }

    @Test
    void aRolledBackInsertLeavesNoRow() {
        BackchannelRequestEntity row = row(Instant.now().truncatedTo(ChronoUnit.MICROS));

        // What a refusal after the insert does (a push-bombing limit): the transaction rolls back.
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
                    requests.insert(row);
                    throw new IllegalStateException("refused after the insert");
                }))
                .hasMessageContaining("refused after the insert");

        assertThat(QuarkusTransaction.requiringNew().call(() -> requests.findById(row.id)))
                .isNull();
    }

    /** Reads the row back through Hibernate, as every other path does, and compares each field. */
    private BackchannelRequestEntity assertStoredAs(BackchannelRequestEntity row) {
        BackchannelRequestEntity stored = QuarkusTransaction.requiringNew().call(() -> requests.findById(row.id));
        assertThat(stored)
                .usingRecursiveComparison()
                .ignoringFieldsMatchingRegexes("\\$\\$_hibernate_.*")
                .isEqualTo(row);
        return stored;
    }

    private static BackchannelRequestEntity row(Instant now) {
        BackchannelRequestEntity row = new BackchannelRequestEntity();
        row.id = UUID.randomUUID().toString();
        row.authReqIdHash = "hash-" + row.id;
        row.clientId = "client-" + row.id;
        row.userSub = "user-" + row.id;
        row.scope = "openid";
        row.state = "PENDING";
        row.createdAt = now;
        row.expiresAt = now.plusSeconds(300);
        row.intervalSeconds = 5;
        row.requestFingerprint = "fingerprint-" + row.id;
        return row;
    }
}
