package dev.cairn.monitor.window;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.sql.SqlFrames;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.monitor.fairness.FairnessReport;
import dev.cairn.monitor.fairness.GroupTally;
import dev.cairn.monitor.importance.ImportanceReport;
import dev.cairn.monitor.importance.PermutationImportance;
import dev.cairn.monitor.importance.Scorer;
import dev.cairn.monitor.performance.BinaryPerformance;
import dev.cairn.monitor.table.TablePair;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Fairness and permutation importance over the window's table ({@code current} of a
 * {@link TablePair}): the rows are read from DuckDB here, the statistics are computed by the
 * {@code fairness} and {@code importance} packages.
 */
final class WindowExplanations {
    /** The most groups a sensitive column may have: more is an identifier or a measurement, not a group. */
    static final int MAX_GROUPS = 100;
    private static final int SCAN_ROWS = 8_192;

    private WindowExplanations() {
    }

    /**
     * Selection rates and error rates per group of {@code column}: a row is selected when its
     * positive-class probability is above {@link BinaryPerformance#THRESHOLD}, as performance reads
     * it; rows without a group value are left out.
     */
    static FairnessReport fairness(TablePair tables, String column, List<String> inputs, Optional<BinaryClasses> classes) {
        if (!inputs.contains(column)) {
            throw CairnException.invalidParameter("Sensitive column '" + column + "' is not an input of the window; choose from " + inputs);
        }
        BinaryClasses binary = classes.orElseThrow(() -> CairnException.invalidParameter("Fairness needs a binary classifier, which answers "
                + "two class probabilities; this model does not"));
        String group = TablePair.quote(column);
        String probability = "CAST(" + TablePair.quote(binary.probabilityColumn()) + " AS DOUBLE)";
        boolean labelled = tables.currentTypes().containsKey(WindowMonitor.ACTUAL);
        Statement statement = tables.statement();
        try {
            try (ResultSet count = statement.executeQuery("SELECT count(DISTINCT " + group + ") FROM current")) {
                count.next();
                if (count.getLong(1) > MAX_GROUPS) {
                    throw CairnException.invalidParameter("Sensitive column '" + column + "' has " + count.getLong(1) + " distinct values; "
                            + "fairness compares at most " + MAX_GROUPS + " groups (bin the column before it reaches the model)");
                }
            }
            GroupTally tally = new GroupTally();
            try (ResultSet rows = statement.executeQuery("SELECT CAST(" + group + " AS VARCHAR), " + probability + " > "
                    + BinaryPerformance.THRESHOLD + ", " + (labelled ? TablePair.quote(WindowMonitor.ACTUAL) : "NULL")
                    + " FROM current WHERE " + group + " IS NOT NULL AND " + probability + " IS NOT NULL")) {
                while (rows.next()) {
                    Optional<Boolean> truth = WindowMonitor.classOf(rows.getString(3), binary.positive(), binary.negative());
                    if (truth.isPresent()) {
                        tally.add(rows.getString(1), rows.getBoolean(2), truth.get());
                    } else {
                        tally.add(rows.getString(1), rows.getBoolean(2));
                    }
                }
            }
            if (tally.groups() == 0) {
                throw CairnException.invalidParameter("Sensitive column '" + column + "' has no values in the window's predictions");
            }
            return FairnessReport.of(column, binary.positive(), tally.outcomes());
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot read the window's groups: " + SqlFrames.message(e));
        }
    }

    /**
     * The importance of the model's inputs over at most {@link PermutationImportance#maxRows} of
     * the window's rows, drawn with the seed. A binary classifier's labelled rows are preferred:
     * when labels name its classes on at least {@value #MIN_LABELLED} rows ({@value #MIN_LABELLED_PER_CLASS} of each class),
     * the sample is drawn from those rows and importance is the drop of ROC AUC; otherwise from
     * every row, measuring how the answers move.
     */
    /** Fewer labelled rows make a metric drop noise: importance then measures how the answers move over every row. */
    static final int MIN_LABELLED = 200;
    /** Each class needs this many labelled rows for ROC AUC to mean anything. */
    static final int MIN_LABELLED_PER_CLASS = 20;

    static ImportanceReport importance(TablePair tables, List<String> inputs, Optional<BinaryClasses> classes, Scorer model, long seed) {
        if (inputs.isEmpty()) {
            throw CairnException.invalidParameter("The window's predictions have no inputs to measure the importance of");
        }
        String selected = String.join(", ", inputs.stream().map(TablePair::quote).toList());
        int most = PermutationImportance.maxRows(inputs.size());
        String label = TablePair.quote(WindowMonitor.ACTUAL);
        boolean labelled = classes.isPresent() && tables.currentTypes().containsKey(WindowMonitor.ACTUAL);
        try {
            Optional<Frame> labelledRows = labelled ? sample(tables, selected + ", " + label, label + " IS NOT NULL", most, seed) : Optional.empty();
            if (labelledRows.isPresent()) {
                Frame sample = labelledRows.get();
                String[] labels = ((Column.Strings) sample.column(WindowMonitor.ACTUAL).orElseThrow()).values();
                BinaryClasses binary = classes.get();
                List<Integer> known = new ArrayList<>();
                List<Boolean> positive = new ArrayList<>();
                for (int row = 0; row < labels.length; row++) {
                    Optional<Boolean> truth = WindowMonitor.classOf(labels[row], binary.positive(), binary.negative());
                    if (truth.isPresent()) {
                        known.add(row);
                        positive.add(truth.get());
                    }
                }
                long positives = positive.stream().filter(Boolean::booleanValue).count();
                if (known.size() >= MIN_LABELLED && Math.min(positives, known.size() - positives) >= MIN_LABELLED_PER_CLASS) {
                    boolean[] truth = new boolean[positive.size()];
                    for (int i = 0; i < truth.length; i++) {
                        truth[i] = positive.get(i);
                    }
                    Frame rows = sample.select(inputs).rows(known.stream().mapToInt(Integer::intValue).toArray());
                    return PermutationImportance.compute(rows, model, Optional.of(binary.positive()), Optional.of(truth), seed);
                }
            }
            Frame rows = sample(tables, selected, "TRUE", most, seed).orElseThrow(() -> CairnException.invalidParameter(
                    "The window has no rows to measure importance over"));
            return PermutationImportance.compute(rows, model, classes.map(BinaryClasses::positive), Optional.empty(), seed);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot read the window's rows: " + SqlFrames.message(e));
        }
    }

    /**
     * At most {@code wanted} rows meeting {@code where}, each equally likely,
     * by selection sampling (Knuth's algorithm S) over the rows in file order: the same seed picks
     * the same rows, and only the sample is held. Empty when no row meets {@code where}.
     */
    private static Optional<Frame> sample(TablePair tables, String columns, String where, int most, long seed) throws SQLException {
        long total;
        try (ResultSet count = tables.statement().executeQuery("SELECT count(*) FROM current WHERE " + where)) {
            count.next();
            total = count.getLong(1);
        }
        if (total == 0) {
            return Optional.empty();
        }
        SplittableRandom random = new SplittableRandom(seed);
        long[] seen = {0};
        long[] taken = {0};
        int wanted = (int) Math.min(total, most);
        List<Frame> parts = new ArrayList<>();
        SqlFrames.scan(tables.statement().getConnection(), "SELECT " + columns + " FROM current WHERE " + where, SCAN_ROWS, frame -> {
            int[] picked = new int[frame.rowCount()];
            int count = 0;
            for (int row = 0; row < frame.rowCount(); row++) {
                if (random.nextDouble() * (total - seen[0]) < wanted - taken[0]) {
                    picked[count++] = row;
                    taken[0]++;
                }
                seen[0]++;
            }
            if (count > 0) {
                parts.add(frame.rows(Arrays.copyOf(picked, count)));
            }
        });
        return Optional.of(Frame.concat(parts));
    }

    /**
     * A binary classifier's classes, as its probability outputs name them.
     *
     * @param positive the positive class
     * @param negative the other class
     * @param probabilityColumn the window's column of the positive class's probability
     */
    record BinaryClasses(String positive, String negative, String probabilityColumn) {
    }
}
