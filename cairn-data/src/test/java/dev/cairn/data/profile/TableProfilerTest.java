package dev.cairn.data.profile;

import dev.cairn.data.file.TableFile;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Profiles computed by DuckDB, checked against values worked out by hand. */
class TableProfilerTest {
    @TempDir
    Path folder;

    @Test
    void numericTextAndTemporalColumnsGetTheirStatistics() throws Exception {
        Path csv = folder.resolve("flights.csv");
        StringBuilder rows = new StringBuilder("when,distance,carrier\n");
        String[] carriers = {"UA", "UA", "UA", "DL", "DL", "AA"};
        for (int i = 0; i < 6; i++) {
            rows.append("2001-01-0").append(i + 1).append(" 10:00:00,").append(i == 5 ? "" : Integer.toString((i + 1) * 100))
                    .append(',').append(carriers[i]).append('\n');
        }
        Files.writeString(csv, rows);
        TableProfile profile = TableProfiler.profile(new TableFile(csv));
        assertThat(profile.rowCount()).isEqualTo(6);

        ColumnProfile.Temporal when = (ColumnProfile.Temporal) profile.columns().get(0);
        assertThat(when.min()).startsWith("2001-01-01 10:00:00");
        assertThat(when.max()).startsWith("2001-01-06 10:00:00");

        ColumnProfile.Numeric distance = (ColumnProfile.Numeric) profile.columns().get(1);
        assertThat(distance.count()).isEqualTo(5);
        assertThat(distance.nulls()).isEqualTo(1);
        assertThat(distance.min()).isEqualTo(100);
        assertThat(distance.max()).isEqualTo(500);
        assertThat(distance.mean()).isEqualTo(300);
        assertThat(distance.std()).isCloseTo(Math.sqrt(25_000), within(1e-9));
        assertThat(distance.quantiles().get("p50")).isCloseTo(300, within(50.0));
        assertThat(distance.histogram()).hasSize(TableProfiler.BINS);
        assertThat(distance.histogram().stream().mapToLong(ColumnProfile.Bin::count).sum()).isEqualTo(5);
        assertThat(distance.histogram().get(0).count()).isEqualTo(1);
        assertThat(distance.histogram().get(TableProfiler.BINS - 1).count()).as("the maximum falls in the last bin").isEqualTo(1);

        ColumnProfile.Categorical carrier = (ColumnProfile.Categorical) profile.columns().get(2);
        assertThat(carrier.cardinality()).isEqualTo(3);
        assertThat(carrier.topValues()).containsExactly(new ColumnProfile.ValueCount("UA", 3), new ColumnProfile.ValueCount("DL", 2),
                new ColumnProfile.ValueCount("AA", 1));
    }

    @Test
    void penguinsMissingValuesAreCounted() {
        TableProfile profile = TableProfiler.profile(new TableFile(BreastCancerModel.exampleData().resolve("penguins.json")));
        assertThat(profile.rowCount()).isEqualTo(344);
        ColumnProfile.Numeric mass = (ColumnProfile.Numeric) profile.columns().stream()
                .filter(column -> column.name().equals("Body Mass (g)")).findFirst().orElseThrow();
        assertThat(mass.nulls()).isEqualTo(2);
        assertThat(mass.count()).isEqualTo(342);
        ColumnProfile.Categorical species = (ColumnProfile.Categorical) profile.columns().get(0);
        assertThat(species.topValues().get(0)).isEqualTo(new ColumnProfile.ValueCount("Adelie", 152));
    }

    @Test
    void sameBytesGiveTheSameDigest() throws Exception {
        Path a = folder.resolve("a.csv");
        Path b = folder.resolve("b.csv");
        Files.writeString(a, "x\n1\n");
        Files.writeString(b, "x\n1\n");
        assertThat(new TableFile(a).sha256()).as("sha256sum of the same bytes").isEqualTo("daff832f802000e645771a60983c76c963f6ee602a6230e45237bd360e91cc1a")
                .isEqualTo(new TableFile(b).sha256());
        Files.writeString(b, "x\n2\n");
        assertThat(new TableFile(b).sha256()).isNotEqualTo(new TableFile(a).sha256());
    }
}
