package dev.cairn.monitor.window;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.ParquetExport;
import dev.cairn.data.sql.SqlFrames;
import dev.cairn.monitor.drift.DriftOptions;
import dev.cairn.monitor.drift.DriftReport;
import dev.cairn.monitor.drift.TableDrift;
import dev.cairn.monitor.integrity.IntegrityOptions;
import dev.cairn.monitor.integrity.IntegrityReport;
import dev.cairn.monitor.integrity.TableIntegrity;
import dev.cairn.monitor.performance.BinaryPerformance;
import dev.cairn.monitor.performance.WindowPerformance;
import dev.cairn.monitor.reference.ReferenceSample;
import dev.cairn.monitor.table.TablePair;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a window of a deployment's prediction log with the deployment's reference. The window
 * comes as the log's rows (Parquet with the JSON columns {@code inputs} and {@code outputs}, as
 * the prediction export writes them); DuckDB turns each input into a column typed as the
 * reference's column of that name (a value that does not fit becomes null, which the null check
 * then reports) and each output into a column {@code output.<name>}, and the label attached to a
 * prediction, if any, into {@value #ACTUAL}. Integrity and drift then run over the model's inputs,
 * prediction drift over the outputs the reference has too, and for a binary classifier (two
 * {@code probability_<class>} outputs) performance is estimated by CBPE and measured on the labels.
 * Fairness and permutation importance are added when {@link ExplainOptions} ask for them
 * ({@link WindowExplanations}).
 */
public final class WindowMonitor {
    /** The column of the window holding each prediction's label, where one was attached. */
    public static final String ACTUAL = "actual.label";
    private static final String PROBABILITY = ReferenceSample.OUTPUT_PREFIX + "probability_";
    /** The one column of a window whose predictions logged no inputs at all. */
    private static final String NO_INPUTS = "no inputs";

    private WindowMonitor() {
    }

    /**
     * The report of the window in {@code predictions} against {@code reference} (a
     * {@link ReferenceSample}, with or without outputs), using {@code work} for the window's table.
     */
    public static WindowReport compare(TableFile reference, Path predictions, Path work, DriftOptions drift, IntegrityOptions integrity) {
        return compare(reference, predictions, work, drift, integrity, ExplainOptions.none());
    }

    /**
     * The report of the window as {@link #compare(TableFile, Path, Path, DriftOptions, IntegrityOptions)} gives it,
     * with fairness by {@code explain}'s sensitive column and the permutation importance of the
     * inputs to its model, when it asks for them.
     */
    public static WindowReport compare(TableFile reference, Path predictions, Path work, DriftOptions drift, IntegrityOptions integrity,
                                       ExplainOptions explain) {
        TableFile window = windowTable(reference, predictions, work.resolve("window.parquet"));
        try (TablePair tables = TablePair.open(reference, window)) {
            long rows = rows(tables.statement());
            if (rows == 0) {
                throw CairnException.invalidParameter("The window has no predictions to compare");
            }
            List<String> inputs = new ArrayList<>();
            List<String> outputs = new ArrayList<>();
            for (String column : tables.currentTypes().keySet()) {
                if (!column.equals(ACTUAL)) {
                    (column.startsWith(ReferenceSample.OUTPUT_PREFIX) ? outputs : inputs).add(column);
                }
            }
            List<String> known = inputs.stream().filter(tables.referenceTypes()::containsKey).toList();
            for (String column : drift.columns()) {
                if (!known.contains(column)) {
                    throw CairnException.invalidParameter("Column '" + column + "' is not an input of the model found in the reference; "
                            + "choose from " + known);
                }
            }
            // Inputs the reference lacks come back as new columns; outputs are the model's, not the data's, and are left out.
            IntegrityReport checked = new IntegrityReport(TableIntegrity.check(tables, new IntegrityOptions(known, integrity.nullTolerance()))
                    .columns().stream().filter(column -> !column.column().startsWith(ReferenceSample.OUTPUT_PREFIX)
                            && !column.column().equals(ACTUAL)).toList());
            List<String> intact = drift.columns().isEmpty() ? checked.intactColumns() : drift.columns();
            // No intact input leaves nothing to test; integrity says why. (Empty options would mean every reference column.)
            DriftReport features = intact.isEmpty() ? DriftReport.of(List.of(), drift.driftShare())
                    : TableDrift.compare(tables, new DriftOptions(intact, drift.methods(), drift.thresholds(), drift.driftShare()));
            List<String> comparable = outputs.stream().filter(tables.referenceTypes()::containsKey).toList();
            Optional<DriftReport> predicted = comparable.isEmpty() ? Optional.empty()
                    : Optional.of(TableDrift.compare(tables, new DriftOptions(comparable, Map.of(), Map.of(), drift.driftShare())));
            Optional<WindowExplanations.BinaryClasses> classes = binaryClasses(outputs);
            List<String> modelInputs = inputs.stream().filter(column -> !column.equals(NO_INPUTS)).toList();
            return new WindowReport(rows, checked, features, predicted, performance(tables.statement(), classes,
                    tables.currentTypes().containsKey(ACTUAL)),
                    explain.sensitiveColumn().map(column -> WindowExplanations.fairness(tables, column, modelInputs, classes)),
                    explain.model().map(model -> WindowExplanations.importance(tables, modelInputs, classes, model, explain.seed())),
                    VersionComparison.of(predictions, work));
        }
    }

    /** Writes the window's inputs and outputs as columns, typed after the reference's. */
    private static TableFile windowTable(TableFile reference, Path predictions, Path output) {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            String file = "read_parquet('" + predictions.toAbsolutePath().toString().replace("'", "''") + "')";
            statement.execute("CREATE TEMP VIEW logged AS SELECT * FROM " + file);
            // A shadow's answers are logged under the same prediction ids beside the served ones; the window is what was served.
            String served = columns(statement, "logged").contains("arm") ? " WHERE arm IS DISTINCT FROM 'shadow'" : "";
            statement.execute("CREATE TEMP TABLE log AS SELECT * FROM logged" + served);
            boolean labelled = columns(statement, "log").contains("label");
            Map<String, String> referenceTypes = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery("DESCRIBE SELECT * FROM " + reference.readFunction())) {
                while (rows.next()) {
                    referenceTypes.put(rows.getString("column_name"), rows.getString("column_type"));
                }
            }
            StringBuilder select = new StringBuilder("SELECT ");
            List<String> expressions = new ArrayList<>();
            for (String input : LoggedJson.keys(statement, "log", "inputs")) {
                expressions.add(LoggedJson.extract("inputs", input, referenceTypes.getOrDefault(input, "VARCHAR"), input));
            }
            for (String out : LoggedJson.keys(statement, "log", "outputs")) {
                String column = ReferenceSample.OUTPUT_PREFIX + out;
                expressions.add(LoggedJson.extract("outputs", out, referenceTypes.getOrDefault(column, "VARCHAR"), column));
            }
            if (labelled) {
                expressions.add("CAST(label AS VARCHAR) AS " + TablePair.quote(ACTUAL));
            }
            if (expressions.isEmpty()) {
                expressions.add("NULL AS " + TablePair.quote(NO_INPUTS));
            }
            select.append(String.join(", ", expressions)).append(" FROM log");
            return ParquetExport.write(statement, select.toString(), output);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot read the window's predictions: " + SqlFrames.message(e));
        }
    }

    /**
     * A binary classifier's classes: the positive class is the second of its two probability
     * outputs in name order (so {@code 1} of {@code 0}/{@code 1}).
     */
    private static Optional<WindowExplanations.BinaryClasses> binaryClasses(List<String> outputs) {
        List<String> probabilities = outputs.stream().filter(column -> column.startsWith(PROBABILITY)).sorted().toList();
        if (probabilities.size() != 2) {
            return Optional.empty();
        }
        return Optional.of(new WindowExplanations.BinaryClasses(probabilities.get(1).substring(PROBABILITY.length()),
                probabilities.get(0).substring(PROBABILITY.length()), probabilities.get(1)));
    }

    /** A binary classifier's performance: estimated over every row with a probability, real over labelled rows. */
    private static Optional<WindowPerformance> performance(Statement statement, Optional<WindowExplanations.BinaryClasses> classes,
                                                           boolean labelled) {
        if (classes.isEmpty()) {
            return Optional.empty();
        }
        String positive = classes.get().positive();
        String negative = classes.get().negative();
        String probability = TablePair.quote(classes.get().probabilityColumn());
        List<Double> all = new ArrayList<>();
        List<Double> withLabel = new ArrayList<>();
        List<Boolean> actual = new ArrayList<>();
        String label = labelled ? TablePair.quote(ACTUAL) : "NULL";
        try (ResultSet rows = statement.executeQuery("SELECT CAST(" + probability + " AS DOUBLE), " + label
                + " FROM current WHERE " + probability + " IS NOT NULL")) {
            while (rows.next()) {
                double p = rows.getDouble(1);
                all.add(p);
                Optional<Boolean> truth = classOf(rows.getString(2), positive, negative);
                if (truth.isPresent()) {
                    withLabel.add(p);
                    actual.add(truth.get());
                }
            }
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot read the window's probabilities: " + SqlFrames.message(e));
        }
        if (all.isEmpty()) {
            return Optional.empty();
        }
        boolean[] truth = new boolean[actual.size()];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = actual.get(i);
        }
        Optional<BinaryPerformance> real = withLabel.isEmpty() ? Optional.empty()
                : Optional.of(BinaryPerformance.real(withLabel.stream().mapToDouble(Double::doubleValue).toArray(), truth));
        return Optional.of(new WindowPerformance(positive, all.size(), withLabel.size(),
                BinaryPerformance.estimated(all.stream().mapToDouble(Double::doubleValue).toArray()), real));
    }

    /**
     * Whether a label names the positive class, the negative one, or neither (absent, or a typo,
     * which counts for neither side). Numbers compare as numbers, so a label posted as {@code 1.0}
     * is class {@code 1}.
     */
    static Optional<Boolean> classOf(String label, String positive, String negative) {
        if (label == null || label.isBlank()) {
            return Optional.empty();
        }
        String text = label.strip();
        if (text.equals(positive) || text.equals(negative)) {
            return Optional.of(text.equals(positive));
        }
        try {
            double value = Double.parseDouble(text);
            if (value == Double.parseDouble(positive)) {
                return Optional.of(true);
            }
            if (value == Double.parseDouble(negative)) {
                return Optional.of(false);
            }
        } catch (NumberFormatException notNumbers) {
            // Class names that are not numbers match as text only.
        }
        return Optional.empty();
    }

    private static Set<String> columns(Statement statement, String table) throws SQLException {
        Set<String> columns = new LinkedHashSet<>();
        try (ResultSet rows = statement.executeQuery("DESCRIBE " + table)) {
            while (rows.next()) {
                columns.add(rows.getString("column_name"));
            }
        }
        return columns;
    }

    private static long rows(Statement statement) {
        try (ResultSet row = statement.executeQuery("SELECT count(*) FROM current")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot count the window's predictions: " + SqlFrames.message(e));
        }
    }
}
