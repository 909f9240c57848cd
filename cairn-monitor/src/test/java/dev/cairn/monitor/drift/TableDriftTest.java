package dev.cairn.monitor.drift;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Method choice, overrides, dataset drift and errors, over CSV files written by the test. */
class TableDriftTest {
    @TempDir
    Path folder;

    @Test
    void smallReferencesGetThePValueTests() throws IOException {
        // num: 0..9 ten times each, against 3..12: the CDF gap is largest (0.3) from 2 on.
        TableFile reference = csv("reference.csv", 100, i -> (i % 10) + "," + (i % 2 == 0 ? "yes" : "no") + "," + "abc".charAt(i % 3)
                + "," + (1 + i % 3) + ",2001-01-0" + (1 + i % 9));
        TableFile current = csv("current.csv", 100, i -> (i % 10 + 3) + "," + (i % 10 < 7 ? "yes" : "no") + "," + "abc".charAt(i % 3)
                + "," + (1 + i % 3) + ",2001-06-0" + (1 + i % 9));
        DriftReport report = TableDrift.compare(reference, current, DriftOptions.defaults());

        assertThat(report.columns()).extracting(ColumnDrift::column).as("the date column is left out").containsExactly("num", "bin", "cat", "few");
        assertThat(report.columns()).extracting(ColumnDrift::method)
                .containsExactly(DriftMethod.KS, DriftMethod.Z, DriftMethod.CHISQUARE, DriftMethod.CHISQUARE);
        ColumnDrift num = report.columns().get(0);
        assertThat(num.statistic()).isCloseTo(DriftStatistics.ksPValue(0.3, 100, 100), within(1e-12));
        assertThat(num.threshold()).isEqualTo(0.05);
        assertThat(num.drift()).isTrue();
        // bin: 50 of 100 "no" against 30 of 100.
        double z = 0.2 / Math.sqrt(0.4 * 0.6 * 0.02);
        assertThat(report.columns().get(1).statistic()).isCloseTo(Probability.normalTwoSided(z), within(1e-12));
        assertThat(report.columns().get(1).drift()).isTrue();
        assertThat(report.columns().get(2).statistic()).as("the same shares").isCloseTo(1, within(1e-9));
        assertThat(report.columns().get(2).drift()).isFalse();
        assertThat(report.driftShare()).isEqualTo(0.5);
        assertThat(report.datasetDrift()).as("half the columns reach the default 0.5").isTrue();
    }

    @Test
    void largeReferencesGetTheDistances() throws IOException {
        TableFile reference = csv("reference.csv", 2100, i -> (i % 10) + "," + (i % 2 == 0 ? "yes" : "no") + "," + "abc".charAt(i % 3)
                + "," + (1 + i % 3) + ",2001-01-01");
        TableFile current = csv("current.csv", 3000, i -> (i % 10 + 1) + "," + (i % 2 == 0 ? "yes" : "no") + "," + "abc".charAt(i % 3)
                + "," + (1 + i % 3) + ",2001-06-01");
        DriftReport report = TableDrift.compare(reference, current, DriftOptions.defaults());

        assertThat(report.columns()).extracting(ColumnDrift::method).containsExactly(DriftMethod.WASSERSTEIN, DriftMethod.JENSENSHANNON,
                DriftMethod.JENSENSHANNON, DriftMethod.JENSENSHANNON);
        // Shifted by 1: W1 = 1, over the population std of 0..9, sqrt(8.25).
        assertThat(report.columns().get(0).statistic()).isCloseTo(1 / Math.sqrt(8.25), within(1e-12));
        assertThat(report.columns().get(0).threshold()).isEqualTo(0.1);
        assertThat(report.columns().get(0).drift()).isTrue();
        assertThat(report.columns().subList(1, 4)).allSatisfy(column -> {
            assertThat(column.statistic()).isCloseTo(0, within(1e-12));
            assertThat(column.drift()).isFalse();
        });
        assertThat(report.driftShare()).isEqualTo(0.25);
        assertThat(report.datasetDrift()).isFalse();
    }

    @Test
    void methodsThresholdsAndTheDriftShareCanBeChosen() throws IOException {
        TableFile reference = csv("reference.csv", 2000, i -> (i % 10) + ",yes,a,1,2001-01-01");
        TableFile current = csv("current.csv", 2000, i -> (i % 10 + 1) + ",yes,a,1,2001-01-01");
        DriftOptions options = new DriftOptions(List.of("num", "cat"), Map.of("num", DriftMethod.PSI, "cat", DriftMethod.CHISQUARE),
                Map.of("num", 5.0), 0.5);
        DriftReport report = TableDrift.compare(reference, current, options);

        // 10 values in the reference (not above 20), so PSI is over values 0..10: 0 and 10 are each missing on one side.
        long[] r = {200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 0};
        long[] c = {0, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200};
        ColumnDrift num = report.columns().get(0);
        assertThat(num.method()).isEqualTo(DriftMethod.PSI);
        assertThat(num.statistic()).isCloseTo(DriftStatistics.psi(r, c), within(1e-12))
                .isCloseTo(2 * (0.1 - 0.0001) * Math.log(0.1 / 0.0001), within(1e-12));
        assertThat(num.threshold()).isEqualTo(5.0);
        assertThat(num.drift()).isFalse();
        assertThat(report.columns().get(1).method()).isEqualTo(DriftMethod.CHISQUARE);
        assertThat(report.columns().get(1).statistic()).isEqualTo(1);
        assertThat(report.datasetDrift()).isFalse();

        DriftReport lowered = TableDrift.compare(reference, current, new DriftOptions(List.of("num", "cat"), Map.of(), Map.of(), 0.5));
        assertThat(lowered.columns()).extracting(ColumnDrift::drift).containsExactly(true, false);
        assertThat(lowered.datasetDrift()).isTrue();
    }

    @Test
    void numericColumnsWithManyValuesAreBinnedForJensenShannon() throws IOException {
        TableFile reference = csv("reference.csv", 3000, i -> (i % 300) + ",yes,a,1,2001-01-01");
        TableFile current = csv("current.csv", 3000, i -> (i % 300) + ",yes,a,1,2001-01-01");
        DriftReport same = TableDrift.compare(reference, current, new DriftOptions(List.of("num"), Map.of("num", DriftMethod.JENSENSHANNON), Map.of(), 0.5));
        assertThat(same.columns().get(0).statistic()).isCloseTo(0, within(1e-12));
        TableFile shifted = csv("shifted.csv", 3000, i -> (i % 300 + 300) + ",yes,a,1,2001-01-01");
        DriftReport disjoint = TableDrift.compare(reference, shifted, new DriftOptions(List.of("num"), Map.of("num", DriftMethod.JENSENSHANNON), Map.of(), 0.5));
        assertThat(disjoint.columns().get(0).statistic()).as("no bin holds both").isCloseTo(Math.sqrt(Math.log(2)), within(1e-12));
    }

    @Test
    void nullsAreDroppedAndIdenticalFilesDoNotDrift() throws IOException {
        TableFile reference = csv("reference.csv", 500, i -> (i % 7 == 0 ? "" : String.valueOf(i % 50)) + ",yes,a,1,2001-01-01");
        DriftReport report = TableDrift.compare(reference, reference, DriftOptions.defaults());
        assertThat(report.columns()).noneMatch(ColumnDrift::drift);
        assertThat(report.columns().get(0).method()).isEqualTo(DriftMethod.KS);
        assertThat(report.columns().get(0).statistic()).isCloseTo(1, within(1e-9));
        assertThat(report.driftShare()).isZero();
    }

    @Test
    void negativeZeroCountsAsZero() throws IOException {
        // NumericComparison needs strictly ascending values; DuckDB must group -0.0 with 0.0.
        TableFile reference = csv("reference.csv", 20, i -> (i % 3 == 0 ? "-0.0" : i % 3 == 1 ? "0.0" : String.valueOf(i)) + ",yes,a,1,2001-01-01");
        TableFile current = csv("current.csv", 20, i -> (i % 2 == 0 ? "0.0" : String.valueOf(i)) + ",yes,a,1,2001-01-01");
        ColumnDrift num = TableDrift.compare(reference, current, new DriftOptions(List.of("num"), Map.of(), Map.of(), 0.5)).columns().get(0);
        assertThat(num.method()).isEqualTo(DriftMethod.KS);
        assertThat(num.statistic()).isBetween(0.0, 1.0);
    }

    @Test
    void errorsNameTheColumnOrFile() throws IOException {
        TableFile reference = csv("reference.csv", 10, i -> i + ",yes,a,1,2001-01-01");
        Path other = folder.resolve("other.csv");
        Files.writeString(other, "num,cat\n1,a\n");
        TableFile current = new TableFile(other);
        assertThatThrownBy(() -> TableDrift.compare(reference, reference, new DriftOptions(List.of("nope"), Map.of(), Map.of(), 0.5)))
                .isInstanceOf(CairnException.class).hasMessageContaining("Column 'nope' is not in reference.csv");
        assertThatThrownBy(() -> TableDrift.compare(reference, current, DriftOptions.defaults()))
                .isInstanceOf(CairnException.class).hasMessageContaining("Column 'bin' is not in other.csv");
        assertThatThrownBy(() -> TableDrift.compare(reference, reference, new DriftOptions(List.of(), Map.of("cat", DriftMethod.KS), Map.of(), 0.5)))
                .isInstanceOf(CairnException.class).hasMessageContaining("'cat' is text; ks needs a numeric column");
        assertThatThrownBy(() -> TableDrift.compare(reference, reference, new DriftOptions(List.of("num"), Map.of("cat", DriftMethod.KS), Map.of(), 0.5)))
                .isInstanceOf(CairnException.class).hasMessageContaining("names column 'cat'");
        assertThatThrownBy(() -> TableDrift.compare(reference, reference, new DriftOptions(List.of("day"), Map.of(), Map.of(), 0.5)))
                .isInstanceOf(CairnException.class).hasMessageContaining("'day' is a DATE column");
        Path broken = folder.resolve("broken.parquet");
        Files.writeString(broken, "not parquet");
        assertThatThrownBy(() -> TableDrift.compare(reference, new TableFile(broken), DriftOptions.defaults()))
                .isInstanceOf(CairnException.class).hasMessageContaining("Cannot read broken.parquet");
        assertThatThrownBy(() -> DriftMethod.fromWire("anova")).hasMessageContaining("ks, wasserstein, chisquare, z, jensenshannon, psi");
    }

    private TableFile csv(String name, int rows, IntFunction<String> row) throws IOException {
        StringBuilder text = new StringBuilder("num,bin,cat,few,day\n");
        for (int i = 0; i < rows; i++) {
            text.append(row.apply(i)).append('\n');
        }
        Path path = folder.resolve(name);
        Files.writeString(path, text);
        return new TableFile(path);
    }
}
