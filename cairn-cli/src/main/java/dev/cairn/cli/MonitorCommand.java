package dev.cairn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.data.file.TableFile;
import dev.cairn.monitor.drift.ColumnDrift;
import dev.cairn.monitor.drift.DriftMethod;
import dev.cairn.monitor.drift.DriftOptions;
import dev.cairn.monitor.drift.DriftReport;
import dev.cairn.monitor.drift.TableDrift;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code cairn monitor}: drift between tables (monitors over deployments come later). */
@Command(name = "monitor", mixinStandardHelpOptions = true, description = "Monitor data: drift between a reference and a current table.",
        subcommands = MonitorCommand.Compare.class)
final class MonitorCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cairn monitor compare --reference FILE --current FILE [--columns a,b] [--json]}. */
    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Test every column of CURRENT for drift from REFERENCE (CSV, Parquet or JSON files), choosing each "
                    + "column's test as Evidently does: ks or wasserstein for numeric columns with more than 5 values, chisquare, z or "
                    + "jensenshannon for the others (the p-value tests when the reference has at most 1,000 values).",
                    "The dataset drifts when the share of drifted columns reaches --drift-share."})
    static final class Compare implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--reference", required = true, paramLabel = "FILE", description = "The table drift is measured from")
        Path reference;

        @Option(names = "--current", required = true, paramLabel = "FILE", description = "The table tested for drift")
        Path current;

        @Option(names = "--columns", split = ",", paramLabel = "COLUMN", description = "Columns to test (default: every numeric and text column)")
        List<String> columns = List.of();

        @Option(names = "--method", paramLabel = "COLUMN=METHOD",
                description = "A column's test instead of the chosen one: ks, wasserstein, chisquare, z, jensenshannon or psi (repeatable)")
        Map<String, String> methods = Map.of();

        @Option(names = "--threshold", paramLabel = "COLUMN=VALUE",
                description = "A column's threshold instead of the test's default: a p-value (0.05) or a distance (0.1) (repeatable)")
        Map<String, Double> thresholds = Map.of();

        @Option(names = "--drift-share", paramLabel = "SHARE", description = "Share of drifted columns at which the dataset drifts (default 0.5)")
        double driftShare = DriftOptions.DEFAULT_DRIFT_SHARE;

        @Option(names = "--json", description = "Print {\"columns\": [...], \"drift_share\", \"dataset_drift\"} instead of a table")
        boolean json;

        @Override
        public void run() {
            Map<String, DriftMethod> chosen = new LinkedHashMap<>();
            methods.forEach((column, method) -> chosen.put(column, DriftMethod.fromWire(method)));
            DriftReport report = TableDrift.compare(new TableFile(reference), new TableFile(current),
                    new DriftOptions(columns, chosen, thresholds, driftShare));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(json(report));
                out.flush();
                return;
            }
            Table table = new Table("COLUMN", "METHOD", "STATISTIC", "THRESHOLD", "DRIFT");
            for (ColumnDrift column : report.columns()) {
                table.row(column.column(), column.method().wireName(), number(column.statistic()), number(column.threshold()),
                        column.drift() ? "yes" : "no");
            }
            table.print(out);
            long drifted = report.columns().stream().filter(ColumnDrift::drift).count();
            out.printf(Locale.ROOT, "%d of %d columns drifted (share %.3f): %s%n", drifted, report.columns().size(), report.driftShare(),
                    report.datasetDrift() ? "the dataset drifted" : "no dataset drift");
            out.flush();
        }

        /** Four significant digits without trailing zeros; tiny p-values in scientific notation. */
        private static String number(double value) {
            if (value != 0 && Math.abs(value) < 1e-4) {
                return String.format(Locale.ROOT, "%.3e", value);
            }
            return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }

        private static String json(DriftReport report) {
            ObjectNode root = CairnClient.JSON.createObjectNode();
            ArrayNode columns = root.putArray("columns");
            for (ColumnDrift column : report.columns()) {
                columns.addObject().put("column", column.column()).put("method", column.method().wireName())
                        .put("statistic", column.statistic()).put("threshold", column.threshold()).put("drift", column.drift());
            }
            root.put("drift_share", report.driftShare()).put("dataset_drift", report.datasetDrift());
            try {
                return CairnClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a drift report is always serializable", e);
            }
        }
    }
}
