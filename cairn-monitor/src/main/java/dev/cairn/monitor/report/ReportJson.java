package dev.cairn.monitor.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.monitor.drift.ColumnDrift;
import dev.cairn.monitor.drift.DriftReport;
import dev.cairn.monitor.fairness.FairnessReport;
import dev.cairn.monitor.fairness.GroupOutcome;
import dev.cairn.monitor.importance.FeatureImportance;
import dev.cairn.monitor.importance.ImportanceReport;
import dev.cairn.monitor.integrity.ColumnIntegrity;
import dev.cairn.monitor.integrity.IntegrityCheck;
import dev.cairn.monitor.integrity.IntegrityReport;
import dev.cairn.monitor.performance.BinaryPerformance;
import dev.cairn.monitor.window.VersionComparison;
import dev.cairn.monitor.window.WindowReport;

/**
 * Drift, integrity and window reports as JSON objects, in the field names Evidently's users know
 * ({@code column}, {@code method}, {@code statistic}, {@code threshold}, {@code drift},
 * {@code drift_share}, {@code dataset_drift}).
 */
public final class ReportJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ReportJson() {
    }

    /** {@code {"columns": [...], "drift_share", "dataset_drift", "integrity": {...}}}: what {@code cairn monitor compare --json} prints. */
    public static ObjectNode comparison(DriftReport drift, IntegrityReport integrity) {
        ObjectNode root = drift(drift);
        root.set("integrity", integrity(integrity));
        return root;
    }

    /** {@code {"columns": [{"column", "method", "statistic", "threshold", "drift"}, ...], "drift_share", "dataset_drift"}}. */
    public static ObjectNode drift(DriftReport report) {
        ObjectNode root = NODES.objectNode();
        ArrayNode columns = root.putArray("columns");
        for (ColumnDrift column : report.columns()) {
            columns.addObject().put("column", column.column()).put("method", column.method().wireName())
                    .put("statistic", column.statistic()).put("threshold", column.threshold()).put("drift", column.drift());
        }
        return root.put("drift_share", report.driftShare()).put("dataset_drift", report.datasetDrift());
    }

    /** {@code {"columns": [{"column", "presence", "reference_type", "current_type", "violations", checks...}], "violations"}}. */
    public static ObjectNode integrity(IntegrityReport report) {
        ObjectNode root = NODES.objectNode();
        ArrayNode checked = root.putArray("columns");
        for (ColumnIntegrity column : report.columns()) {
            ObjectNode node = checked.addObject().put("column", column.column()).put("presence", column.presence().wireName())
                    .put("reference_type", column.referenceType()).put("current_type", column.currentType())
                    .put("violations", column.violations());
            check(node, "type", column.type());
            check(node, "nulls", column.nulls());
            if (column.nulls().applies()) {
                ((ObjectNode) node.get("nulls")).put("reference_share", column.referenceNullShare())
                        .put("current_share", column.currentNullShare());
            }
            check(node, "out_of_range", column.outOfRange());
            check(node, "unseen", column.unseen());
        }
        return root.put("violations", report.violations());
    }

    /** A window's report: its rows, integrity, feature drift and, when the reference has the model's outputs, prediction drift. */
    public static ObjectNode window(WindowReport report) {
        ObjectNode root = NODES.objectNode().put("rows", report.rows());
        root.set("integrity", integrity(report.integrity()));
        root.set("feature_drift", drift(report.features()));
        report.predictions().ifPresent(predictions -> root.set("prediction_drift", drift(predictions)));
        report.performance().ifPresent(performance -> {
            ObjectNode node = root.putObject("performance").put("positive_class", performance.positiveClass())
                    .put("predictions", performance.predictions()).put("labelled", performance.labelled());
            node.set("estimated", metrics(performance.estimated()));
            performance.real().ifPresent(real -> node.set("real", metrics(real)));
        });
        report.fairness().ifPresent(fairness -> root.set("fairness", fairness(fairness)));
        report.importance().ifPresent(importance -> root.set("importance", importance(importance)));
        report.versions().ifPresent(versions -> root.set("versions", versions(versions)));
        return root;
    }

    /**
     * {@code {"baseline": {"arm", "version", "rows"}, "candidate": {...}, "output_drift": {drift},
     * "paired": {"rows", "agreement", "mean_absolute_difference": {"<output>": x}}}}; {@code paired}
     * only for a shadow, {@code agreement} null when the model has no text output.
     */
    public static ObjectNode versions(VersionComparison comparison) {
        ObjectNode root = NODES.objectNode();
        root.set("baseline", served(comparison.baseline()));
        root.set("candidate", served(comparison.candidate()));
        root.set("output_drift", drift(comparison.outputs()));
        comparison.paired().ifPresent(paired -> {
            ObjectNode node = root.putObject("paired").put("rows", paired.rows());
            if (paired.agreement().isPresent()) {
                put(node, "agreement", paired.agreement().getAsDouble());
            } else {
                node.putNull("agreement");
            }
            ObjectNode differences = node.putObject("mean_absolute_difference");
            paired.meanAbsoluteDifferences().forEach((output, difference) -> put(differences, output, difference));
        });
        return root;
    }

    private static ObjectNode served(VersionComparison.ServedVersion version) {
        return NODES.objectNode().put("arm", version.arm()).put("version", version.version()).put("rows", version.rows());
    }

    /**
     * {@code {"column", "positive_class", "groups": [{"group", "count", "selected", "selection_rate", "labelled",
     * "true_positive_rate", "false_positive_rate"}], "demographic_parity_difference", "demographic_parity_ratio", "flagged",
     * "equalized_odds": {"true_positive_rate_difference", "false_positive_rate_difference", "difference"}}}; a rate that is
     * undefined is {@code null}, and {@code equalized_odds} is there only when rows are labelled.
     */
    public static ObjectNode fairness(FairnessReport report) {
        ObjectNode root = NODES.objectNode().put("column", report.column()).put("positive_class", report.positiveClass());
        ArrayNode groups = root.putArray("groups");
        for (GroupOutcome group : report.groups()) {
            ObjectNode node = groups.addObject().put("group", group.group()).put("count", group.count()).put("selected", group.selected());
            put(node, "selection_rate", group.selectionRate());
            node.put("labelled", group.labelled());
            put(node, "true_positive_rate", group.truePositiveRate());
            put(node, "false_positive_rate", group.falsePositiveRate());
        }
        put(root, "demographic_parity_difference", report.demographicParityDifference());
        put(root, "demographic_parity_ratio", report.demographicParityRatio());
        root.put("flagged", report.flagged());
        report.equalizedOdds().ifPresent(odds -> {
            ObjectNode node = root.putObject("equalized_odds");
            put(node, "true_positive_rate_difference", odds.truePositiveRateDifference());
            put(node, "false_positive_rate_difference", odds.falsePositiveRateDifference());
            put(node, "difference", odds.difference());
        });
        return root;
    }

    /** {@code {"metric", "rows", "repeats", "seed", "baseline", "features": [{"column", "importance", "std"}]}}, most important first. */
    public static ObjectNode importance(ImportanceReport report) {
        ObjectNode root = NODES.objectNode().put("metric", report.metric().wireName()).put("rows", report.rows())
                .put("repeats", report.repeats()).put("seed", report.seed());
        put(root, "baseline", report.baseline());
        ArrayNode features = root.putArray("features");
        for (FeatureImportance feature : report.features()) {
            ObjectNode node = features.addObject().put("column", feature.column());
            put(node, "importance", feature.mean());
            put(node, "std", feature.std());
        }
        return root;
    }

    /** The metrics by their training names; one that is undefined (NaN) is {@code null}. */
    private static ObjectNode metrics(BinaryPerformance metrics) {
        ObjectNode node = NODES.objectNode();
        put(node, "accuracy", metrics.accuracy());
        put(node, "precision", metrics.precision());
        put(node, "recall", metrics.recall());
        put(node, "f1", metrics.f1());
        put(node, "roc_auc", metrics.rocAuc());
        return node;
    }

    private static void put(ObjectNode node, String name, double value) {
        if (Double.isNaN(value)) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }

    private static void check(ObjectNode column, String name, IntegrityCheck check) {
        if (!check.applies()) {
            column.putNull(name);
            return;
        }
        ObjectNode node = column.putObject(name).put("count", check.count()).put("violated", check.violated());
        check.examples().forEach(node.putArray("examples")::add);
    }
}
