package dev.cairn.cli;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.split.SplitRule;
import dev.cairn.data.sql.SqlFrames;
import dev.cairn.model.frame.Frame;
import dev.cairn.train.spec.TrainSpec;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rows a trained model has never seen, as its clients would send them: a seeded sample of one part
 * of a spec's time split that the training left out (the flights' monitor months), with the
 * spec's feature SQL applied, so they have the columns the model's signature asks for.
 */
final class HeldOutRows {
    private HeldOutRows() {
    }

    /**
     * Up to {@code count} rows of the part, with the given columns. The spec's datasets must be
     * files ({@code specDir} resolves them); DuckDB reads them where they are.
     */
    static Frame sample(TrainSpec spec, Path specDir, String part, List<String> columns, int count) {
        if (!(spec.split().rule(spec.seed()) instanceof SplitRule.ByTime byTime) || !byTime.ranges().containsKey(part)) {
            throw CairnException.invalidParameter("The spec's split has no time part '" + part + "' to take held-out rows from");
        }
        SplitRule.TimeRange range = byTime.ranges().get(part);
        String time = quote(byTime.column());
        String derived = spec.transform().map(transform -> transform.sql().strip().replaceFirst(";$", ""))
                .orElseGet(() -> "SELECT * FROM " + quote(spec.datasets().keySet().iterator().next()));
        String selected = columns.stream().map(HeldOutRows::quote).collect(Collectors.joining(", "));
        String sql = "SELECT " + selected + " FROM (SELECT * FROM (" + derived + ") AS derived WHERE " + time + " >= " + timestamp(range.from())
                + " AND " + time + " < " + timestamp(range.to()) + ") AS part USING SAMPLE reservoir(" + count + " ROWS) REPEATABLE (" + spec.seed() + ")";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            for (Map.Entry<String, TrainSpec.Source> dataset : spec.datasets().entrySet()) {
                String file = dataset.getValue().file().orElseThrow(() -> CairnException.invalidParameter("Dataset " + dataset.getKey()
                        + " is not a file; held-out rows are read from files only"));
                statement.execute("CREATE VIEW " + quote(dataset.getKey()) + " AS SELECT * FROM "
                        + new TableFile(specDir.resolve(file).normalize()).readFunction());
            }
            return SqlFrames.read(connection, sql);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Reading the held-out rows failed: " + SqlFrames.message(e));
        }
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String timestamp(String time) {
        return "TIMESTAMP '" + time.replace("'", "''") + "'";
    }
}
