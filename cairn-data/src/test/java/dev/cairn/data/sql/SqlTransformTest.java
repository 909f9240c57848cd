package dev.cairn.data.sql;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTransformTest {
    @TempDir
    Path dir;

    @Test
    void derivesHourAndWeekdayFromATimestampAndWritesTheSameBytesTwice() throws IOException {
        Path csv = Files.writeString(dir.resolve("trips.csv"), """
                date,delay
                2001-01-01 08:30:00,20
                2001-01-06 23:05:00,-3
                2001-01-07 00:00:00,
                """);
        SqlTransform transform = new SqlTransform("""
                SELECT date, hour(date) AS hour, isodow(date) AS weekday, delay > 15 AS late FROM trips;
                """, Map.of("trips", new TableFile(csv)));
        TableFile first = transform.writeParquet(dir.resolve("out/features.parquet"));
        Frame frame = first.read();
        assertThat(frame.columns()).extracting(Column::name).containsExactly("date", "hour", "weekday", "late");
        Column.Numbers hour = (Column.Numbers) frame.column("hour").orElseThrow();
        assertThat(hour.values()).containsExactly(8, 23, 0);
        // 2001-01-01 was a Monday (ISO 1); the 6th a Saturday, the 7th a Sunday.
        assertThat(((Column.Numbers) frame.column("weekday").orElseThrow()).values()).containsExactly(1, 6, 7);
        Column late = frame.column("late").orElseThrow();
        assertThat(late.type()).isEqualTo(ColumnType.LONG);
        assertThat(late.text(0)).isEqualTo("1");
        assertThat(late.text(1)).isEqualTo("0");
        assertThat(late.isNull(2)).isTrue();

        String digest = first.sha256();
        assertThat(transform.writeParquet(dir.resolve("again.parquet")).sha256()).isEqualTo(digest);
        assertThat(Files.list(dir.resolve("out"))).extracting(p -> p.getFileName().toString()).containsExactly("features.parquet");
    }

    @Test
    void aFailingQueryNamesTheTablesAndLeavesNoFile() throws IOException {
        Path csv = Files.writeString(dir.resolve("a.csv"), "x\n1\n");
        SqlTransform transform = new SqlTransform("SELECT y FROM a", Map.of("a", new TableFile(csv)));
        assertThatThrownBy(() -> transform.writeParquet(dir.resolve("out.parquet"))).isInstanceOf(CairnException.class)
                .hasMessageContaining("The SQL transform failed").hasMessageContaining("\"y\"").hasMessageContaining("[a]");
        assertThat(dir.resolve("out.parquet")).doesNotExist();
        assertThat(dir.resolve("out.parquet.tmp")).doesNotExist();
        assertThatThrownBy(() -> new SqlTransform("SELECT 1", Map.of("bad name", new TableFile(csv))))
                .hasMessageContaining("letters, digits and _");
    }
}
