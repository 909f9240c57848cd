package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** How a stored report's fairness and importance sections are printed, from a report the server wrote. */
class MonitorReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fairnessAndImportanceArePrintedALineEach() throws Exception {
        // Abridged from a report of MonitoringApiTest.
        JsonNode report = JSON.readTree("""
                {"feature_drift": {"columns": [], "drift_share": 0.5, "dataset_drift": false},
                 "integrity": {"columns": [], "violations": 0},
                 "fairness": {"column": "f00", "positive_class": "malignant",
                   "groups": [{"group": "-1.0", "count": 109, "selected": 9, "selection_rate": 0.0826, "labelled": 22,
                               "true_positive_rate": 1.0, "false_positive_rate": null},
                              {"group": "1.0", "count": 81, "selected": 68, "selection_rate": 0.8395, "labelled": 28,
                               "true_positive_rate": 1.0, "false_positive_rate": 0.0}],
                   "demographic_parity_difference": 0.7569, "demographic_parity_ratio": 0.0984, "flagged": true,
                   "equalized_odds": {"true_positive_rate_difference": 0.0, "false_positive_rate_difference": 0.0, "difference": 0.0}},
                 "importance": {"metric": "roc_auc", "rows": 50, "repeats": 5, "seed": 42, "baseline": 1.0,
                   "features": [{"column": "f21", "importance": 0.0073, "std": 0.0027}, {"column": "f28", "importance": 0.0063, "std": 0.0053}]}}
                """);
        StringWriter text = new StringWriter();
        MonitorReportCommand.printReport(new PrintWriter(text), report);
        assertThat(text.toString().lines()).contains(
                "fairness by f00 (positive class malignant): selection rate -1.0 0.083 of 109, 1.0 0.840 of 81; demographic parity "
                        + "difference 0.757, ratio 0.098 (under 0.8: flagged); equalized odds difference 0.000",
                "importance (drop of roc_auc over 50 rows, 5 shuffles each): f21 0.007, f28 0.006");

        StringWriter unlabelled = new StringWriter();
        ((ObjectNode) report.get("fairness")).remove("equalized_odds");
        ((ObjectNode) report.get("importance")).put("metric", "mean_absolute_probability_change");
        MonitorReportCommand.printReport(new PrintWriter(unlabelled), report);
        assertThat(unlabelled.toString()).contains("ratio 0.098 (under 0.8: flagged); no labels for equalized odds")
                .contains("importance (mean_absolute_probability_change over 50 rows");
    }
}
