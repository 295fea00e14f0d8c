package dev.countersign.provider;

import static dev.countersign.testing.GrantCalls.OFFLINE_SCOPE;
import static dev.countersign.testing.GrantCalls.approvedTokens;
import static dev.countersign.testing.GrantCalls.offlineClient;
import static dev.countersign.testing.GrantCalls.revoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.countersign.provider.store.RefreshTokenFamilyRepository;
import dev.countersign.provider.store.RefreshTokenRepository;
import dev.countersign.provider.store.RevokedAccessTokenRepository;
import dev.countersign.testing.Fixtures;
import dev.countersign.testing.Fixtures.RegisteredClient;
import dev.countersign.testing.MutableClock;
import dev.countersign.testing.PostgresServerResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@Tag(PostgresServerResource.TAG)
@DisplayName("Grant records are deleted once they can no longer change an answer")
class ExpiredGrantCleanupEndpointTest {
    @Inject
    MutableClock clock;

    @Inject
    ExpiredGrantCleanup cleanup;

    @Inject
    RefreshTokenRepository tokens;

    @Inject
    RefreshTokenFamilyRepository families;

    @Inject
    RevokedAccessTokenRepository revoked;

    @Transactional
    long rows() {
        return tokens.count() + families.count() + revoked.count();
    }

    @Test
    void deletesRecordsPastTheirEndAndKeepsLiveOnes() {
        RegisteredClient client = offlineClient();
        JsonPath tokens = approvedTokens(client, Fixtures.signedInUser(), OFFLINE_SCOPE);
        revoke(client, tokens.getString("access_token")).then().statusCode(200);
        long before = rows();
        cleanup.deleteExpired();
        assertThat(rows()).isEqualTo(before);
        clock.advance(Duration.ofHours(25));
        cleanup.deleteExpired();
        assertThat(rows()).isLessThanOrEqualTo(before - 3);
    }
}
