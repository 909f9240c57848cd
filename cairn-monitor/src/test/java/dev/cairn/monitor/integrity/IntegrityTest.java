package dev.cairn.monitor.integrity;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.monitor.integrity.ColumnIntegrity.Presence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each integrity check violated and kept, over CSV and Parquet files written by the test. */
class IntegrityTest {
    private static final String HEADER = "num,cat,opt,day,code";

    @TempDir
    Path folder;

    @Test
    void everyCheckViolated() throws IOException {
        TableFile reference = csv("reference.csv", HEADER + ",gone", 100, i -> (i % 10) + "," + "abc".charAt(i % 3) + ","
                + (i % 50 == 0 ? "" : i) + ",2001-01-0" + (1 + i % 9) + "," + i + ",1");
        // num: -1 four times and 99 once; cat: z twice and y once; opt: 10% nulls; code: text; gone: dropped; extra: new.
        TableFile current = csv("current.csv", HEADER + ",extra", 100, i -> (i < 4 ? -1 : i == 4 ? 99 : i % 10) + ","
                + (i < 2 ? "z" : i == 2 ? "y" : String.valueOf("abc".charAt(i % 3))) + "," + (i % 10 == 0 ? "" : i) + ",2001-06-0"
                + (1 + i % 9) + ",x" + i + ",7");
        IntegrityReport report = TableIntegrity.check(reference, current, IntegrityOptions.defaults());

        assertThat(report.columns()).extracting(ColumnIntegrity::column).containsExactly("num", "cat", "opt", "day", "code", "gone", "extra");
        assertThat(report.columns()).extracting(ColumnIntegrity::presence)
                .containsExactly(Presence.BOTH, Presence.BOTH, Presence.BOTH, Presence.BOTH, Presence.BOTH, Presence.MISSING, Presence.NEW);
        ColumnIntegrity num = report.columns().get(0);
        assertThat(num.outOfRange()).isEqualTo(new IntegrityCheck(true, 5, true, List.of("-1", "99")));
        assertThat(num.unseen().applies()).as("a numeric column has a range, not categories").isFalse();
        assertThat(num.violations()).isEqualTo(1);
        ColumnIntegrity cat = report.columns().get(1);
        assertThat(cat.unseen()).as("the most frequent first").isEqualTo(new IntegrityCheck(true, 3, true, List.of("z", "y")));
        assertThat(cat.outOfRange().applies()).isFalse();
        ColumnIntegrity opt = report.columns().get(2);
        assertThat(opt.referenceNullShare()).isCloseTo(0.02, within(1e-12));
        assertThat(opt.currentNullShare()).isCloseTo(0.10, within(1e-12));
        assertThat(opt.nulls()).as("0.10 > 0.02 + 0.05").isEqualTo(new IntegrityCheck(true, 10, true, List.of()));
        ColumnIntegrity day = report.columns().get(3);
        assertThat(day.violations()).as("June's dates are no violation: dates get no range").isZero();
        assertThat(day.outOfRange().applies()).isFalse();
        assertThat(day.unseen().applies()).isFalse();
        ColumnIntegrity code = report.columns().get(4);
        assertThat(code.referenceType()).isEqualTo("BIGINT");
        assertThat(code.currentType()).isEqualTo("VARCHAR");
        assertThat(code.type()).as("every value has the wrong type; ties in text order")
                .isEqualTo(new IntegrityCheck(true, 100, true, List.of("x0", "x1", "x10", "x11", "x12")));
        assertThat(code.outOfRange().applies()).as("no range across a type change").isFalse();
        assertThat(report.columns().get(5).violations()).as("a missing column is one violation").isEqualTo(1);
        assertThat(report.columns().get(5).currentType()).isNull();
        assertThat(report.columns().get(6).violations()).as("a new column is information").isZero();
        assertThat(report.columns().get(6).currentType()).isEqualTo("BIGINT");
        assertThat(report.violations()).isEqualTo(5);
    }

    @Test
    void nothingViolatedWithinTheReferenceAndTheTolerance() throws IOException {
        TableFile reference = csv("reference.csv", HEADER, 100, i -> (i % 10) + "," + "abc".charAt(i % 3) + "," + (i % 50 == 0 ? "" : i)
                + ",2001-01-0" + (1 + i % 9) + "," + i);
        // Inside [0, 9] and the reference's categories, 6% nulls against 2% + 0.05.
        TableFile current = csv("current.csv", HEADER, 50, i -> (9 - i % 10) + "," + "ab".charAt(i % 2) + "," + (i % 17 == 0 ? "" : i)
                + ",2001-01-01," + (i * 2));
        IntegrityReport report = TableIntegrity.check(reference, current, IntegrityOptions.defaults());

        assertThat(report.violations()).isZero();
        assertThat(report.columns()).allSatisfy(column -> assertThat(column.presence()).isEqualTo(Presence.BOTH));
        assertThat(report.columns().get(0).outOfRange()).isEqualTo(IntegrityCheck.of(0, List.of()));
        assertThat(report.columns().get(1).unseen()).isEqualTo(IntegrityCheck.of(0, List.of()));
        ColumnIntegrity opt = report.columns().get(2);
        assertThat(opt.currentNullShare()).isCloseTo(0.06, within(1e-12));
        assertThat(opt.nulls()).isEqualTo(new IntegrityCheck(true, 3, false, List.of()));
        assertThat(report.columns().get(4).outOfRange()).as("0 to 98 within 0 to 99").isEqualTo(IntegrityCheck.of(0, List.of()));

        IntegrityReport strict = TableIntegrity.check(reference, current, new IntegrityOptions(List.of("opt", "cat"), 0.01));
        assertThat(strict.columns()).extracting(ColumnIntegrity::column).as("the named columns, in their order").containsExactly("opt", "cat");
        assertThat(strict.columns().get(0).nulls().violated()).as("0.06 > 0.02 + 0.01").isTrue();
        assertThat(strict.violations()).isEqualTo(1);
    }

    @Test
    void parquetRangesIgnoreNanAndTextWithManyValuesIsNotCheckedForUnseenOnes() throws SQLException {
        Path reference = folder.resolve("reference.parquet");
        Path current = folder.resolve("current.parquet");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            // The reference's infinity and NaN do not widen its range [0, 1000]; 1001 distinct ids are too many to be categories.
            statement.execute("COPY (SELECT CASE WHEN i = 0 THEN 'inf'::DOUBLE WHEN i = 1 THEN 'nan'::DOUBLE ELSE (i - 2)::DOUBLE END AS x, "
                    + "'k' || i AS id FROM range(1003) t(i)) TO '" + reference + "' (FORMAT PARQUET)");
            statement.execute("COPY (SELECT * FROM (VALUES (5.0::DOUBLE, 'k1'), ('inf'::DOUBLE, 'new'), ('nan'::DOUBLE, 'k2'), "
                    + "(1000.5, NULL)) t(x, id)) TO '" + current + "' (FORMAT PARQUET)");
        }
        IntegrityReport report = TableIntegrity.check(new TableFile(reference), new TableFile(current), IntegrityOptions.defaults());

        IntegrityCheck x = report.columns().get(0).outOfRange();
        assertThat(x.count()).as("an infinity and 1000.5, not NaN").isEqualTo(2);
        assertThat(x.examples()).hasSize(2).contains("1000.5");
        ColumnIntegrity id = report.columns().get(1);
        assertThat(id.unseen().applies()).isFalse();
        assertThat(id.currentNullShare()).isEqualTo(0.25);
        assertThat(id.nulls().violated()).as("a quarter of nulls where the reference had none").isTrue();
        assertThat(report.violations()).isEqualTo(2);
    }

    @Test
    void errorsAndInvalidRecords() throws IOException {
        TableFile reference = csv("reference.csv", HEADER, 10, i -> i + ",a,1,2001-01-01," + i);
        assertThatThrownBy(() -> TableIntegrity.check(reference, reference, new IntegrityOptions(List.of("nope"), 0.05)))
                .isInstanceOf(CairnException.class).hasMessageContaining("Column 'nope' is not in reference.csv");
        assertThatThrownBy(() -> new IntegrityOptions(List.of(), 1.5)).isInstanceOf(CairnException.class)
                .hasMessageContaining("null tolerance");
        assertThatThrownBy(() -> new IntegrityCheck(true, 1, true, List.of("a", "b"))).hasMessageContaining("2 examples for a count of 1");
        assertThatThrownBy(() -> new IntegrityCheck(false, 1, false, List.of())).hasMessageContaining("does not apply");
        assertThatThrownBy(() -> new ColumnIntegrity("c", Presence.MISSING, "BIGINT", null, IntegrityCheck.of(0, List.of()), 0, 0,
                IntegrityCheck.NOT_APPLICABLE, IntegrityCheck.NOT_APPLICABLE, IntegrityCheck.NOT_APPLICABLE)).hasMessageContaining("no check");
    }

    private TableFile csv(String name, String header, int rows, IntFunction<String> row) throws IOException {
        StringBuilder text = new StringBuilder(header).append('\n');
        for (int i = 0; i < rows; i++) {
            text.append(row.apply(i)).append('\n');
        }
        Path path = folder.resolve(name);
        Files.writeString(path, text);
        return new TableFile(path);
    }
}
