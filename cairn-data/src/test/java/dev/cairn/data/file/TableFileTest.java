package dev.cairn.data.file;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading CSV, Parquet and JSON files through DuckDB into frames. */
class TableFileTest {
    @TempDir
    Path folder;

    @Test
    void csvColumnsGetTypesAndNulls() throws Exception {
        Path csv = folder.resolve("rows.csv");
        Files.writeString(csv, "id,distance,carrier,when\n1,100.5,UA,2001-01-02 10:00:00\n2,,DL,2001-01-03 11:30:00\n3,7,,2001-02-01 00:00:00\n");
        Frame frame = new TableFile(csv).read();
        assertThat(frame.columns()).extracting(Column::name).containsExactly("id", "distance", "carrier", "when");
        assertThat(frame.columns()).extracting(Column::type)
                .containsExactly(ColumnType.LONG, ColumnType.DOUBLE, ColumnType.STRING, ColumnType.STRING);
        assertThat(frame.column("distance").orElseThrow().isNull(1)).isTrue();
        assertThat(frame.column("carrier").orElseThrow().isNull(2)).isTrue();
        assertThat(frame.column("when").orElseThrow().text(0)).startsWith("2001-01-02");
    }

    @Test
    void parquetIsReadInBoundedBatchesInFileOrder() {
        Path flights = BreastCancerModel.exampleData().resolve("flights-3m.parquet");
        List<Integer> sizes = new ArrayList<>();
        long[] firstDelay = new long[1];
        new TableFile(flights).scan(250_000, frame -> {
            if (sizes.isEmpty()) {
                firstDelay[0] = (long) ((Column.Numbers) frame.column("delay").orElseThrow()).values()[0];
                assertThat(frame.columns()).extracting(Column::name).contains("date", "delay", "distance", "origin", "destination");
            }
            sizes.add(frame.rowCount());
        });
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(3_000_000);
        assertThat(sizes).allMatch(size -> size <= 250_000).hasSize(12);
        assertThat(firstDelay[0]).as("the first batch starts at the file's first row").isEqualTo(firstRowDelay(flights));
    }

    @Test
    void jsonArraysAreRead() {
        Frame penguins = new TableFile(BreastCancerModel.exampleData().resolve("penguins.json")).read();
        assertThat(penguins.rowCount()).isEqualTo(344);
        assertThat(penguins.column("Species").orElseThrow().type()).isEqualTo(ColumnType.STRING);
    }

    @Test
    void unknownFormatsAndMissingFilesAreClearErrors() throws Exception {
        Path odd = folder.resolve("rows.xlsx");
        Files.writeString(odd, "x");
        assertThatThrownBy(() -> new TableFile(odd).read()).isInstanceOf(CairnException.class)
                .hasMessageContaining("name it .csv, .tsv, .parquet, .json or .jsonl");
        assertThatThrownBy(() -> new TableFile(folder.resolve("none.csv"))).hasMessageContaining("does not exist");
    }

    /** The delay of the file's first row, read by DuckDB directly (a second way to the same answer). */
    private static long firstRowDelay(Path parquet) {
        try (java.sql.Connection duckdb = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.PreparedStatement query = duckdb.prepareStatement("SELECT delay FROM read_parquet(?) LIMIT 1")) {
            query.setString(1, parquet.toString());
            try (java.sql.ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
