package dev.cairn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.data.file.TableFile;
import dev.cairn.monitor.drift.ColumnDrift;
import dev.cairn.monitor.drift.ColumnHistogram;
import dev.cairn.monitor.drift.DriftMethod;
import dev.cairn.monitor.drift.DriftOptions;
import dev.cairn.monitor.drift.DriftReport;
import dev.cairn.monitor.drift.TableDrift;
import dev.cairn.monitor.integrity.ColumnIntegrity;
import dev.cairn.monitor.integrity.IntegrityCheck;
import dev.cairn.monitor.integrity.IntegrityOptions;
import dev.cairn.monitor.integrity.IntegrityReport;
import dev.cairn.monitor.integrity.TableIntegrity;
import dev.cairn.monitor.report.ReportHtml;
import dev.cairn.monitor.report.ReportJson;
import dev.cairn.monitor.table.TablePair;
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
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code cairn monitor}: drift and data integrity between tables, and of deployments' predictions. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Monitor data: drift and integrity between a reference and a current table (compare), or of a deployment's "
                + "predictions against its training data (run, report).",
        subcommands = {MonitorCommand.Compare.class, MonitorRunCommand.class, MonitorReportCommand.class, MonitorScheduleCommand.class})
final class MonitorCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cairn monitor compare --reference FILE --current FILE [--columns a,b] [--json] [--html FILE]}. */
    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Test every column of CURRENT for drift from REFERENCE (CSV, Parquet or JSON files), choosing each "
                    + "column's test as Evidently does: ks or wasserstein for numeric columns with more than 5 values, chisquare, z or "
                    + "jensenshannon for the others (the p-value tests when the reference has at most 1,000 values).",
                    "The dataset drifts when the share of drifted columns reaches --drift-share.",
                    "Integrity checks each reference column: missing from CURRENT, type changed, null share above the reference's "
                            + "plus --null-tolerance, numeric values outside the reference's range, text values the reference never held "
                            + "(for columns with at most 1,000 distinct reference values); columns only in CURRENT are listed. Drift "
                            + "skips the columns integrity finds missing or changed."})
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

        @Option(names = "--null-tolerance", paramLabel = "SHARE",
                description = "How far the current null share may exceed the reference's, absolute (default 0.05)")
        double nullTolerance = IntegrityOptions.DEFAULT_NULL_TOLERANCE;

        @Option(names = "--json", description = "Print {\"columns\": [...], \"drift_share\", \"dataset_drift\", "
                + "\"integrity\": {\"columns\": [...], \"violations\"}} instead of tables")
        boolean json;

        @Option(names = "--html", paramLabel = "FILE", description = "Also write the comparison as a self-contained HTML report to FILE")
        Optional<Path> html;

        @Override
        public void run() {
            Map<String, DriftMethod> chosen = new LinkedHashMap<>();
            methods.forEach((column, method) -> chosen.put(column, DriftMethod.fromWire(method)));
            IntegrityOptions integrityOptions = new IntegrityOptions(columns, nullTolerance);
            DriftReport report;
            IntegrityReport integrity;
            List<ColumnHistogram> histograms = List.of();
            // One DuckDB for both, so a CSV file is parsed once.
            try (TablePair tables = TablePair.open(new TableFile(reference), new TableFile(current))) {
                integrity = TableIntegrity.check(tables, integrityOptions);
                report = TableDrift.compare(tables, new DriftOptions(driftColumns(integrity), chosen, thresholds, driftShare));
                if (html.isPresent()) {
                    histograms = report.columns().stream().map(column -> ColumnHistogram.of(tables, column.column())).toList();
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (html.isPresent()) {
                MonitorReportCommand.writeReport(html.get(), ReportHtml.comparison(reference.toString(), current.toString(),
                        ReportJson.comparison(report, integrity), histograms));
            }
            if (json) {
                out.println(json(report, integrity));
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
            out.println();
            Table checks = new Table("COLUMN", "PRESENCE", "TYPE", "NULLS", "OUT OF RANGE", "UNSEEN", "EXAMPLES");
            for (ColumnIntegrity column : integrity.columns()) {
                checks.row(column.column(), column.presence().wireName(), cell(column.type()), nullsCell(column), cell(column.outOfRange()),
                        cell(column.unseen()), examples(column));
            }
            checks.print(out);
            out.printf(Locale.ROOT, "%d integrity violations (! marks them)%n", integrity.violations());
            html.ifPresent(file -> out.printf(Locale.ROOT, "HTML report -> %s%n", file));
            out.flush();
        }

        /** The named columns, or else those integrity found intact: a missing or retyped column is reported, not a failure. */
        private List<String> driftColumns(IntegrityReport integrity) {
            // Empty when nothing is intact: drift then names the first missing or changed column.
            return columns.isEmpty() ? integrity.intactColumns() : columns;
        }

        private static String cell(IntegrityCheck check) {
            return !check.applies() ? "-" : check.count() + (check.violated() ? " !" : "");
        }

        private static String nullsCell(ColumnIntegrity column) {
            if (!column.nulls().applies()) {
                return "-";
            }
            return String.format(Locale.ROOT, "%d (%.1f%% vs %.1f%%)%s", column.nulls().count(), 100 * column.currentNullShare(),
                    100 * column.referenceNullShare(), column.nulls().violated() ? " !" : "");
        }

        /** The examples of the column's violated checks, at most five in all. */
        private static String examples(ColumnIntegrity column) {
            return Stream.of(column.type(), column.outOfRange(), column.unseen()).filter(IntegrityCheck::violated)
                    .flatMap(check -> check.examples().stream()).limit(IntegrityCheck.MAX_EXAMPLES).collect(Collectors.joining(", "));
        }

        /** Four significant digits without trailing zeros; tiny p-values in scientific notation. */
        private static String number(double value) {
            if (value != 0 && Math.abs(value) < 1e-4) {
                return String.format(Locale.ROOT, "%.3e", value);
            }
            return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }

        private static String json(DriftReport report, IntegrityReport integrity) {
            try {
                return CairnClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ReportJson.comparison(report, integrity));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a drift report is always serializable", e);
            }
        }
    }
}
