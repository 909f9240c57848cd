package dev.cairn.monitor.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.data.file.TableFile;
import dev.cairn.monitor.drift.ColumnHistogram;
import dev.cairn.monitor.drift.DriftOptions;
import dev.cairn.monitor.drift.DriftReport;
import dev.cairn.monitor.drift.TableDrift;
import dev.cairn.monitor.integrity.IntegrityOptions;
import dev.cairn.monitor.integrity.IntegrityReport;
import dev.cairn.monitor.integrity.TableIntegrity;
import dev.cairn.monitor.table.TablePair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTML reports over real comparisons of CSV files written by the test, one of whose columns is named like a script. */
class ReportHtmlTest {
    private static final String SCRIPT = "<script>alert('x')</script>";

    @TempDir
    Path folder;

    @Test
    void windowsShowEveryColumnAndWindowWithNamesEscapedAndNoScriptOrNetwork() throws IOException {
        TableFile reference = csv("reference.csv", 200, i -> (i % 10) + "," + (i % 7));
        TableFile same = csv("same.csv", 200, i -> (i % 10) + "," + (i % 7));
        TableFile shifted = csv("shifted.csv", 200, i -> (i % 10 + 5) + "," + (i % 7));
        ObjectNode first = window(reference, same).put("reference", "flights<jan>@1");
        ObjectNode second = window(reference, shifted).put("reference", "flights<jan>@1");
        ObjectNode performance = second.putObject("performance").put("positive_class", "1").put("predictions", 200).put("labelled", 50);
        performance.putObject("estimated").put("accuracy", 0.91).put("precision", 0.8).put("recall", 0.7).put("f1", 0.75).put("roc_auc", 0.93);
        performance.putObject("real").put("accuracy", 0.84).putNull("precision").put("recall", 0.6).put("f1", 0.7).put("roc_auc", 0.9);
        long hour = 3_600_000;
        String html = ReportHtml.windows("api<&>", List.of(new ReportHtml.Window(2 * hour, 3 * hour, second),
                new ReportHtml.Window(hour, 2 * hour, first)), List.of(new ReportHtml.Kpi("conversion \"rate\"", hour + 5, 0.12),
                new ReportHtml.Kpi("conversion \"rate\"", 2 * hour + 5, 0.09)));

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("<svg");
        assertThat(html).as("nothing runs, nothing is fetched").doesNotContain("<script").doesNotContain("src=").doesNotContain("href=")
                .doesNotContain("@import");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").contains("api&lt;&amp;&gt;")
                .contains("flights&lt;jan&gt;@1").contains("conversion &quot;rate&quot;");
        assertThat(html).contains("Drift per column over time").contains("Integrity per window").contains("estimated (CBPE) beside real")
                .contains("KPIs");
        // Both windows in time order, oldest first, in the table; the shifted window drifts its first column.
        assertThat(html.indexOf("1970-01-01 01:00</td><td>1970-01-01 02:00")).isPositive()
                .isLessThan(html.indexOf("1970-01-01 02:00</td><td>1970-01-01 03:00"));
        assertThat(html).contains("<title>num, window ending 1970-01-01 03:00: ks").contains(", drift</title>");
        assertThat(html).contains("<td class=\"num\">0.910</td><td class=\"num\">0.840</td>").as("an undefined real metric").contains(
                "<td class=\"num\">0.800</td><td class=\"num\">-</td>");
        assertThat(ReportHtml.windows("idle", List.of(), List.of())).contains("No monitored windows yet");
    }

    @Test
    void aComparisonHasTheTablePerColumnWithEscapedNames() throws IOException {
        TableFile reference = csv("reference.csv", 200, i -> (i % 10) + "," + (i % 7));
        TableFile current = csv("current.csv", 200, i -> (i % 10 + 5) + "," + (i % 7));
        String html;
        try (TablePair tables = TablePair.open(reference, current)) {
            IntegrityReport integrity = TableIntegrity.check(tables, IntegrityOptions.defaults());
            DriftReport drift = TableDrift.compare(tables, new DriftOptions(integrity.intactColumns(), Map.of(), Map.of(),
                    DriftOptions.DEFAULT_DRIFT_SHARE));
            List<ColumnHistogram> histograms = List.of(ColumnHistogram.of(tables, "num"), ColumnHistogram.of(tables, SCRIPT));
            // num: 0..9 against 5..14, twenty bins over 0..14: the reference fills the lower bins, the current the upper.
            ColumnHistogram num = histograms.get(0);
            assertThat(num.labels()).hasSize(ColumnHistogram.NUMERIC_BINS);
            assertThat(num.reference().stream().mapToLong(Long::longValue).sum()).isEqualTo(200);
            assertThat(num.current().stream().mapToLong(Long::longValue).sum()).isEqualTo(200);
            assertThat(num.reference().get(0)).isEqualTo(20);
            assertThat(num.current().get(0)).isZero();
            assertThat(num.current().get(ColumnHistogram.NUMERIC_BINS - 1)).isEqualTo(20);
            html = ReportHtml.comparison("reference.csv", "<current>.csv", ReportJson.comparison(drift, integrity), histograms);
        }
        assertThat(html).doesNotContain("<script").contains("&lt;current&gt;.csv");
        assertThat(html).contains("<td>num</td><td>ks</td>").contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td><td>ks</td>");
        assertThat(html).contains("1 of 2 columns drifted").contains("Integrity").contains("<td class=\"num yes\">100</td>");
        assertThat(html).contains("class=\"yes\">yes</td>").contains("class=\"no\">no</td>");
        assertThat(html).contains("Distributions").contains("<figcaption>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</figcaption>")
                .contains("<title>0, reference: 10.0%</title>");
    }

    private ObjectNode window(TableFile reference, TableFile current) {
        try (TablePair tables = TablePair.open(reference, current)) {
            IntegrityReport integrity = TableIntegrity.check(tables, IntegrityOptions.defaults());
            DriftReport drift = TableDrift.compare(tables, DriftOptions.defaults());
            ObjectNode report = ReportJson.drift(drift);
            ObjectNode root = report.objectNode().put("rows", 200);
            root.set("integrity", ReportJson.integrity(integrity));
            root.set("feature_drift", report);
            return root;
        }
    }

    private TableFile csv(String name, int rows, IntFunction<String> row) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, "num," + "\"" + SCRIPT + "\"\n" + IntStream.range(0, rows).mapToObj(row).collect(Collectors.joining("\n")) + "\n");
        return new TableFile(file);
    }
}
