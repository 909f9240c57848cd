package dev.cairn.monitor.window;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.ParquetExport;
import dev.cairn.data.sql.SqlFrames;
import dev.cairn.monitor.drift.DriftOptions;
import dev.cairn.monitor.drift.DriftReport;
import dev.cairn.monitor.drift.TableDrift;
import dev.cairn.monitor.table.TablePair;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The two versions a deployment served side by side in a window (a canary beside the stable
 * version, a shadow, two A/B arms) compared by their outputs: how far apart the distributions of
 * their outputs are, chosen and judged as input drift is ({@link TableDrift}, the baseline as the
 * reference), and for a shadow, which scored the very requests the served version answered, the
 * share of those requests on which the two gave the same text outputs (the label) and the mean
 * absolute difference of each numeric output (a probability).
 *
 * @param baseline  the arm and version that answered the most requests
 * @param candidate the shadow, if one ran, else the arm and version that answered the next most
 * @param outputs   the drift of the candidate's outputs from the baseline's
 * @param paired    for a shadow, the requests both scored
 */
public record VersionComparison(ServedVersion baseline, ServedVersion candidate, DriftReport outputs, Optional<PairedOutputs> paired) {
    /** The traffic arm whose requests were also scored, unseen, by another version. */
    public static final String SHADOW = "shadow";

    public VersionComparison {
        requireNonNull(baseline, "baseline is null");
        requireNonNull(candidate, "candidate is null");
        requireNonNull(outputs, "outputs is null");
        requireNonNull(paired, "paired is null");
    }

    /**
     * One arm's version in the window.
     *
     * @param rows the predictions it made in the window
     */
    public record ServedVersion(String arm, int version, long rows) {
        public ServedVersion {
            requireNonNull(arm, "arm is null");
        }
    }

    /**
     * The requests a shadow scored beside the served version.
     *
     * @param rows                    the requests both scored
     * @param agreement               the share of them on which every text output (the label) was the same; empty when the model has none
     * @param meanAbsoluteDifferences per numeric output, the mean absolute difference of the two versions' values
     */
    public record PairedOutputs(long rows, OptionalDouble agreement, Map<String, Double> meanAbsoluteDifferences) {
        public PairedOutputs {
            requireNonNull(agreement, "agreement is null");
            meanAbsoluteDifferences = Collections.unmodifiableMap(new LinkedHashMap<>(meanAbsoluteDifferences));
        }
    }

    /**
     * The comparison of the window in {@code predictions} (the prediction export's Parquet), using
     * {@code work} for the two versions' outputs; empty when the window holds one version only.
     */
    public static Optional<VersionComparison> of(Path predictions, Path work) {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            String file = "read_parquet('" + predictions.toAbsolutePath().toString().replace("'", "''") + "')";
            statement.execute("CREATE TEMP VIEW log AS SELECT * FROM " + file);
            if (!hasColumns(statement, "arm", "model_version", "prediction_id", "outputs")) {
                return Optional.empty();
            }
            List<ServedVersion> served = served(statement);
            if (served.size() < 2) {
                return Optional.empty();
            }
            ServedVersion baseline = served.stream().filter(version -> !version.arm().equals(SHADOW)).findFirst().orElseThrow();
            ServedVersion candidate = served.stream().filter(version -> version.arm().equals(SHADOW)).findFirst()
                    .orElse(served.stream().filter(version -> version != baseline).findFirst().orElseThrow());
            Map<String, Boolean> numeric = outputKinds(statement);
            if (numeric.isEmpty()) {
                return Optional.empty();
            }
            TableFile baselineOutputs = outputs(statement, baseline, numeric, work.resolve("baseline-outputs.parquet"));
            TableFile candidateOutputs = outputs(statement, candidate, numeric, work.resolve("candidate-outputs.parquet"));
            DriftReport drift = TableDrift.compare(baselineOutputs, candidateOutputs,
                    new DriftOptions(List.copyOf(numeric.keySet()), Map.of(), Map.of(), DriftOptions.DEFAULT_DRIFT_SHARE));
            Optional<PairedOutputs> paired = candidate.arm().equals(SHADOW) ? Optional.of(paired(statement, baseline, candidate, numeric))
                    : Optional.empty();
            return Optional.of(new VersionComparison(baseline, candidate, drift, paired));
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot compare the window's versions: " + SqlFrames.message(e));
        }
    }

    private static boolean hasColumns(Statement statement, String... names) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("DESCRIBE log")) {
            while (rows.next()) {
                columns.add(rows.getString("column_name"));
            }
        }
        return columns.containsAll(List.of(names));
    }

    /** Every arm and version in the window, most predictions first. */
    private static List<ServedVersion> served(Statement statement) throws SQLException {
        List<ServedVersion> served = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("SELECT coalesce(arm, ''), model_version, count(*) AS n FROM log "
                + "GROUP BY ALL ORDER BY n DESC, 1, 2")) {
            while (rows.next()) {
                served.add(new ServedVersion(rows.getString(1), rows.getInt(2), rows.getLong(3)));
            }
        }
        return served;
    }

    /**
     * Each output, and whether all its values are JSON numbers: a class label logged as the text
     * {@code "1"} stays a label, compared by agreement and as a category.
     */
    private static Map<String, Boolean> outputKinds(Statement statement) throws SQLException {
        Map<String, Boolean> numeric = new LinkedHashMap<>();
        for (String key : LoggedJson.keys(statement, "log", "outputs")) {
            String type = "json_type(outputs, '" + LoggedJson.path(key).replace("'", "''") + "')";
            try (ResultSet row = statement.executeQuery("SELECT count(*) FILTER (WHERE " + type + " NOT IN ('NULL', 'BIGINT', 'UBIGINT', "
                    + "'DOUBLE')) = 0 FROM log")) {
                row.next();
                numeric.put(key, row.getBoolean(1));
            }
        }
        return numeric;
    }

    private static String where(ServedVersion version) {
        return " WHERE coalesce(arm, '') = '" + version.arm().replace("'", "''") + "' AND model_version = " + version.version();
    }

    private static String columns(Map<String, Boolean> numeric) {
        return numeric.entrySet().stream()
                .map(output -> LoggedJson.extract("outputs", output.getKey(), output.getValue() ? "DOUBLE" : "VARCHAR", output.getKey()))
                .collect(Collectors.joining(", "));
    }

    private static TableFile outputs(Statement statement, ServedVersion version, Map<String, Boolean> numeric, Path file) throws SQLException {
        return ParquetExport.write(statement, "SELECT " + columns(numeric) + " FROM log" + where(version), file);
    }

    private static PairedOutputs paired(Statement statement, ServedVersion baseline, ServedVersion shadow, Map<String, Boolean> numeric)
            throws SQLException {
        statement.execute("CREATE TEMP TABLE served AS SELECT prediction_id, " + columns(numeric) + " FROM log" + where(baseline));
        statement.execute("CREATE TEMP TABLE shadowed AS SELECT prediction_id, " + columns(numeric) + " FROM log" + where(shadow));
        List<String> texts = numeric.entrySet().stream().filter(output -> !output.getValue()).map(Map.Entry::getKey).toList();
        List<String> numbers = numeric.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        StringBuilder select = new StringBuilder("SELECT count(*)");
        String same = texts.stream().map(text -> "s." + TablePair.quote(text) + " IS NOT DISTINCT FROM h." + TablePair.quote(text))
                .collect(Collectors.joining(" AND "));
        select.append(", ").append(texts.isEmpty() ? "NULL" : "avg(CASE WHEN " + same + " THEN 1.0 ELSE 0.0 END)");
        for (String number : numbers) {
            select.append(", avg(abs(s.").append(TablePair.quote(number)).append(" - h.").append(TablePair.quote(number)).append("))");
        }
        select.append(" FROM served s JOIN shadowed h USING (prediction_id)");
        try (ResultSet row = statement.executeQuery(select.toString())) {
            row.next();
            long rows = row.getLong(1);
            double agreement = row.getDouble(2);
            OptionalDouble agreed = row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(agreement);
            Map<String, Double> differences = new LinkedHashMap<>();
            for (int n = 0; n < numbers.size(); n++) {
                double difference = row.getDouble(3 + n);
                if (!row.wasNull()) {
                    differences.put(numbers.get(n), difference);
                }
            }
            return new PairedOutputs(rows, agreed, differences);
        }
    }
}
