package dev.cairn.data.source;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Snapshots a query against a real H2 database (in memory, kept open by the test's connection). */
class JdbcSourceTest {
    private static final String URL = "jdbc:h2:mem:jdbc_source_test;DB_CLOSE_DELAY=0";

    @TempDir
    Path dir;
    private Connection keepAlive;

    @BeforeEach
    void createTable() throws SQLException {
        keepAlive = DriverManager.getConnection(URL);
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("CREATE TABLE flights (id INT, departed TIMESTAMP, delay DOUBLE, origin VARCHAR(3), cancelled BOOLEAN)");
            statement.execute("INSERT INTO flights VALUES (1, TIMESTAMP '2001-01-01 08:30:00', 20.5, 'ORD', FALSE),"
                    + " (2, TIMESTAMP '2001-01-02 17:00:00', NULL, 'SFO', TRUE), (3, NULL, -4, NULL, NULL)");
        }
    }

    @AfterEach
    void dropTable() throws SQLException {
        keepAlive.close();
    }

    @Test
    void aWatchDigestChangesWithTheRowsTheWatchQuerySeesAndOnlyThen() throws SQLException {
        JdbcSource source = new JdbcSource(URL, "SELECT * FROM flights", Optional.empty(), Optional.empty());
        String watch = "SELECT count(*), max(id) FROM flights";
        String before = source.digest(watch, 10);
        assertThat(before).hasSize(64).isEqualTo(source.digest(watch, 10));
        assertThat(source.digest("SELECT * FROM flights ORDER BY id", 10)).isNotEqualTo(before);
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("UPDATE flights SET delay = 1 WHERE id = 3");
        }
        assertThat(source.digest(watch, 10)).as("a change the watch query does not see").isEqualTo(before);
        try (Statement statement = keepAlive.createStatement()) {
            statement.execute("INSERT INTO flights VALUES (4, NULL, 0, 'JFK', FALSE)");
        }
        assertThat(source.digest(watch, 10)).isNotEqualTo(before);
        // null and the text 'null', and values split differently across columns, are different rows
        assertThat(source.digest("SELECT NULL AS a", 10)).isNotEqualTo(source.digest("SELECT 'null' AS a", 10));
        assertThat(source.digest("SELECT 'ab' AS a, 'c' AS b", 10)).isNotEqualTo(source.digest("SELECT 'a' AS a, 'bc' AS b", 10));
        assertThatThrownBy(() -> source.digest("SELECT x FROM system_range(1, 100000)", 0)).isInstanceOf(CairnException.class)
                .as("reading the rows counts against the time too").hasMessageContaining("took longer than 0 s to read");
        assertThatThrownBy(() -> source.digest("SELECT * FROM nowhere", 10)).isInstanceOf(CairnException.class)
                .hasMessageStartingWith("The JDBC source's watch query failed: ");
    }

    @Test
    void aQuerySnapshotKeepsTypesNullsAndOrderAndIsByteStable() {
        JdbcSource source = new JdbcSource(URL, "SELECT * FROM flights ORDER BY id", Optional.empty(), Optional.empty());
        TableFile snapshot = source.snapshot(dir.resolve("flights.parquet"));
        Frame frame = snapshot.read();
        assertThat(frame.rowCount()).isEqualTo(3);
        assertThat(frame.columns()).extracting(Column::name).containsExactly("ID", "DEPARTED", "DELAY", "ORIGIN", "CANCELLED");
        assertThat(frame.column("ID").orElseThrow().type()).isEqualTo(ColumnType.LONG);
        assertThat(frame.column("DELAY").orElseThrow().type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(frame.column("DEPARTED").orElseThrow().text(0)).startsWith("2001-01-01 08:30:00");
        assertThat(frame.column("DELAY").orElseThrow().isNull(1)).isTrue();
        assertThat(frame.column("ORIGIN").orElseThrow().isNull(2)).isTrue();
        assertThat(frame.column("CANCELLED").orElseThrow().text(1)).isEqualTo("1");

        assertThat(source.snapshot(dir.resolve("again.parquet")).sha256()).isEqualTo(snapshot.sha256());
    }

    @Test
    void aFailingQueryLeavesNoFile() {
        JdbcSource source = new JdbcSource(URL, "SELECT nope FROM flights", Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> source.snapshot(dir.resolve("x.parquet"))).isInstanceOf(CairnException.class)
                .hasMessageContaining("The JDBC source query failed").hasMessageContaining("NOPE");
        assertThat(dir.resolve("x.parquet")).doesNotExist();
        assertThatThrownBy(() -> new JdbcSource("postgres://x", "SELECT 1", Optional.empty(), Optional.empty()))
                .hasMessageContaining("jdbc: URL");
    }
}
