package dev.cairn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.profile.ColumnProfile;
import dev.cairn.data.profile.TableProfile;
import dev.cairn.data.profile.TableProfiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** {@code cairn datasets ...}: data files and their profiles. */
@Command(name = "datasets", mixinStandardHelpOptions = true, description = "Profile data files (CSV, Parquet, JSON).",
        subcommands = {DatasetsCommand.ProfileDataset.class})
final class DatasetsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cairn datasets profile FILE}: schema and statistics, computed locally by DuckDB. */
    @Command(name = "profile", mixinStandardHelpOptions = true,
            description = "Print a file's schema, sha256 and profile: counts, nulls, moments, quantiles, histograms, top values.")
    static final class ProfileDataset implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "A .csv, .tsv, .parquet, .json or .jsonl file")
        Path file;

        @Option(names = "--json", description = "Print the full profile as JSON (with histograms and quantiles)")
        boolean json;

        @Override
        public void run() {
            TableFile table = new TableFile(file);
            TableProfile profile = TableProfiler.profile(table);
            String digest = table.sha256();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                try {
                    out.println(CairnClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                            CairnClient.JSON.createObjectNode().put("file", file.toString()).put("sha256", digest)
                                    .set("profile", CairnClient.JSON.valueToTree(profile))));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a profile is always serializable", e);
                }
                return;
            }
            out.printf("%s: %,d rows, sha256 %s%n", file.getFileName(), profile.rowCount(), digest);
            Table rows = new Table("COLUMN", "TYPE", "COUNT", "NULLS", "MIN", "MAX", "MEAN", "STD", "DISTINCT", "TOP VALUES");
            for (ColumnProfile column : profile.columns()) {
                if (column instanceof ColumnProfile.Numeric numeric) {
                    rows.row(numeric.name(), numeric.type(), Long.toString(numeric.count()), Long.toString(numeric.nulls()),
                            number(numeric.min()), number(numeric.max()), number(numeric.mean()), number(numeric.std()), "", "");
                } else if (column instanceof ColumnProfile.Categorical categorical) {
                    rows.row(categorical.name(), categorical.type(), Long.toString(categorical.count()), Long.toString(categorical.nulls()),
                            "", "", "", "", Long.toString(categorical.cardinality()), categorical.topValues().stream()
                                    .limit(3).map(value -> value.value() + "=" + value.count()).collect(Collectors.joining(",")));
                } else if (column instanceof ColumnProfile.Temporal temporal) {
                    rows.row(temporal.name(), temporal.type(), Long.toString(temporal.count()), Long.toString(temporal.nulls()),
                            temporal.min(), temporal.max(), "", "", "", "");
                }
            }
            rows.print(out);
        }

        private static String number(double value) {
            return String.format("%.4g", value);
        }
    }
}
