package dev.cairn.monitor.reference;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sample is bounded, repeatable, and keeps every extreme and category integrity looks for. */
class ReferenceSampleTest {
    @TempDir
    Path folder;

    @Test
    void aLargeTableIsSampledKeepingExtremesAndEveryCategory() throws SQLException {
        // 200,000 rows; 'rare' appears once, the extremes of x once each.
        TableFile source = parquet("source.parquet", "SELECT CASE WHEN i = 77777 THEN -1e6 WHEN i = 123456 THEN 1e6 ELSE (i % 1000) / 10.0 END AS x, "
                + "CASE WHEN i = 4242 THEN 'rare' ELSE ['a', 'b', 'c'][1 + i % 3] END AS city, i AS id FROM range(200000) t(i)");
        ReferenceSample.Written written = ReferenceSample.write(source, folder.resolve("sample.parquet"), 5_000);

        assertThat(written.sourceRows()).isEqualTo(200_000);
        assertThat(written.rows()).as("the reservoir plus at most the extremes of x and id and the rare city").isBetween(5_000L, 5_005L);
        assertThat(query("SELECT min(x), max(x) FROM read_parquet('" + folder.resolve("sample.parquet") + "')")).isEqualTo("-1000000.0,1000000.0");
        assertThat(query("SELECT count(*) FILTER (WHERE city = 'rare') FROM read_parquet('" + folder.resolve("sample.parquet") + "')"))
                .isEqualTo("1");
        assertThat(query("SELECT count(DISTINCT " + ReferenceSample.ROW_COLUMN + ") = count(*) FROM read_parquet('"
                + folder.resolve("sample.parquet") + "')")).isEqualTo("true");
        // The same data gives the same sample.
        ReferenceSample.write(source, folder.resolve("again.parquet"), 5_000);
        assertThat(query("SELECT count(*) FROM (SELECT * FROM read_parquet('" + folder.resolve("sample.parquet") + "') EXCEPT SELECT * FROM "
                + "read_parquet('" + folder.resolve("again.parquet") + "'))")).isEqualTo("0");
    }

    @Test
    void aSmallTableIsKeptWholeAndOutputsAreAttachedByRow() throws SQLException {
        TableFile source = parquet("small.parquet", "SELECT i AS x, 'v' || (i % 2) AS kind FROM range(30) t(i)");
        Path sample = folder.resolve("sample.parquet");
        assertThat(ReferenceSample.write(source, sample, 100).rows()).isEqualTo(30);
        TableFile outputs = parquet("outputs.parquet", "SELECT " + ReferenceSample.ROW_COLUMN + ", x * 2 AS prediction FROM read_parquet('"
                + sample + "')");
        Path reference = folder.resolve("reference.parquet");
        ReferenceSample.attachOutputs(new TableFile(sample), outputs, reference);
        assertThat(query("SELECT count(*) FILTER (WHERE \"output.prediction\" = 2 * x), count(*) FROM read_parquet('" + reference + "')"))
                .isEqualTo("30,30");
        // What the model scores: the row numbers and its inputs only.
        Path inputs = folder.resolve("inputs.parquet");
        ReferenceSample.select(new TableFile(sample), List.of("x"), inputs);
        assertThat(query("SELECT string_agg(column_name, ',') FROM (DESCRIBE SELECT * FROM read_parquet('" + inputs + "'))"))
                .isEqualTo(ReferenceSample.ROW_COLUMN + ",x");
        assertThatThrownBy(() -> ReferenceSample.select(new TableFile(sample), List.of("speed"), folder.resolve("none.parquet")))
                .isInstanceOf(CairnException.class).hasMessage("The reference data lacks the model's inputs [speed]; compare with the dataset "
                        + "the model was trained on, or one with the same columns");
    }

    @Test
    void anEmptyTableIsRefusedAndLeavesNoFile() throws SQLException {
        TableFile empty = parquet("empty.parquet", "SELECT 1 AS x WHERE false");
        assertThatThrownBy(() -> ReferenceSample.write(empty, folder.resolve("sample.parquet"), 10))
                .isInstanceOf(CairnException.class).hasMessageContaining("has no rows");
        assertThat(Files.exists(folder.resolve("sample.parquet"))).isFalse();
    }

    private TableFile parquet(String name, String query) throws SQLException {
        Path file = folder.resolve(name);
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (" + query + ") TO '" + file + "' (FORMAT PARQUET)");
        }
        return new TableFile(file);
    }

    private static String query(String sql) throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            StringBuilder values = new StringBuilder();
            for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
                values.append(i > 1 ? "," : "").append(row.getString(i));
            }
            return values.toString();
        }
    }
}
