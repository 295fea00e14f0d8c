package dev.countersign.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The master key: given, or generated only beside an embedded H2 database")
class MasterKeyTest {
    private static final String GIVEN = "Y291bnRlcnNpZ24tdGVzdC1tYXN0ZXIta2V5LTMyYnk=";

    @TempDir
    Path data;

    @Test
    void theEmbeddedDatabaseGeneratesItsKeyOnceAndKeepsIt() {
        byte[] first = MasterKey.load(Optional.empty(), data, "h2");
        assertThat(Files.exists(data.resolve("master.key"))).isTrue();
        assertThat(first).hasSize(32);
        assertThat(MasterKey.load(Optional.empty(), data, "h2")).isEqualTo(first);
    }

    @Test
    void postgresqlWithoutAGivenKeyRefusesToStartAndGeneratesNothing() {
        assertThatThrownBy(() -> MasterKey.load(Optional.empty(), data, "postgresql"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("countersign.master-key (COUNTERSIGN_MASTER_KEY) is not set")
                .hasMessageContaining("postgresql");
        assertThat(Files.exists(data.resolve("master.key"))).isFalse();
    }

    @Test
    void postgresqlReadsAKeyFileThatAlreadyExists() throws IOException {
        Files.writeString(data.resolve("master.key"), GIVEN);
        assertThat(MasterKey.load(Optional.empty(), data, "postgresql"))
                .isEqualTo(Base64.getDecoder().decode(GIVEN));
    }

    @Test
    void aGivenKeyIsUsedOnEveryDatabaseAndNoFileIsWritten() {
        for (String kind : new String[] {"h2", "postgresql"}) {
            assertThat(MasterKey.load(Optional.of(GIVEN), data, kind))
                    .isEqualTo(Base64.getDecoder().decode(GIVEN));
        }
        assertThat(Files.exists(data.resolve("master.key"))).isFalse();
    }
}
