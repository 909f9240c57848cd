package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A unit of work that runs past its timeout (the statement timeout for reads, at least 10 s for
 * writes) is stopped, rolled back, and the connection stays usable.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class StatementDeadlineTest {
    /** Counts to a billion: minutes of work on either database. */
    private static final String ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) "
            + "SELECT COUNT(*) FROM c";

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path folder;

    @Test
    void workPastTheTimeoutIsStoppedWithAClearErrorAndLeavesNothingBehind() {
        try (TestDatabase database = TestDatabase.create(kind, folder);
             MetadataStore store = MetadataStore.open(database.storeConfig().withStatementTimeout(Duration.ofMillis(500)))) {
            Database db = store.database();
            long start = System.nanoTime();
            assertThatThrownBy(() -> db.read(connection -> count(connection.createStatement(), ENDLESS)))
                    .isInstanceOf(CairnException.class)
                    .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                    .hasMessageContaining("ran longer than the database's limit");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

            assertThatThrownBy(() -> db.inTransaction(connection -> {
                connection.createStatement().executeUpdate("INSERT INTO experiments (name, artifact_location, lifecycle_stage, "
                        + "creation_time, last_update_time) VALUES ('half', '', 'active', 0, 0)");
                return count(connection.createStatement(), ENDLESS);
            })).isInstanceOf(CairnException.class).hasMessageContaining("ran longer than the database's limit of 10000 ms");
            assertThat(store.tracking().searchExperiments(new dev.cairn.core.tracking.ExperimentSearch(
                    dev.cairn.core.tracking.search.SearchFilter.parseExperimentFilter("name = 'half'"),
                    dev.cairn.core.tracking.ViewType.ALL, 10, List.of(), Optional.empty())).items())
                    .as("the stopped write left nothing").isEmpty();

            // Every pooled connection still works, for reads and writes alike.
            for (int i = 0; i < 20; i++) {
                long answer = db.read(connection -> count(connection.createStatement(), "SELECT 41 + 1"));
                assertThat(answer).isEqualTo(42);
            }
            assertThat(store.tracking().createExperiment("after", Optional.empty(), List.of())).isNotEmpty();
        }
    }

    private static long count(Statement statement, String sql) throws java.sql.SQLException {
        try (statement; ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
