package dev.cairn.serve.batch;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.SqlFrames;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.runtime.LoadedModel;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;

import static java.util.Objects.requireNonNull;

/**
 * Scores a CSV, Parquet or JSON file of any size: DuckDB streams it in batches, the model scores
 * each batch, and the predictions (after the id column, when one is named) go through DuckDB's
 * appender into a table that is written out as Parquet or CSV at the end. The output appears whole
 * or not at all.
 */
public final class BatchScorer {
    private final LoadedModel model;
    private final int batchRows;

    /** A scorer over a loaded model, reading {@code batchRows} rows per model call. */
    public BatchScorer(LoadedModel model, int batchRows) {
        this.model = requireNonNull(model, "model is null");
        if (batchRows < 1 || batchRows > 1_000_000) {
            throw CairnException.invalidParameter("The batch size must be between 1 and 1000000; got " + batchRows);
        }
        this.batchRows = batchRows;
    }

    /** What a run scored. */
    public record Result(long rows, double seconds) {
        /** Rows scored per second, end to end. */
        public double rowsPerSecond() {
            return seconds == 0 ? 0 : rows / seconds;
        }
    }

    /**
     * Scores {@code input} into {@code output} ({@code .parquet} or {@code .csv}), copying the
     * {@code idColumn} (not given to the model) first; {@code progress} hears the running row count.
     */
    public Result score(TableFile input, Path output, Optional<String> idColumn, LongConsumer progress) {
        String format = format(output);
        long start = System.nanoTime();
        long[] rows = {0};
        Path partial = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".partial");
        try (DuckDBConnection duckdb = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
            Appender appender = new Appender(duckdb);
            try {
                input.scan(batchRows, batch -> {
                    Frame scored = score(batch, idColumn);
                    appender.append(scored);
                    rows[0] += batch.rowCount();
                    progress.accept(rows[0]);
                });
            } finally {
                appender.close();
            }
            if (rows[0] == 0) {
                throw CairnException.invalidParameter("The input " + input.path().getFileName() + " has no rows to score");
            }
            try (Statement statement = duckdb.createStatement()) {
                statement.execute("COPY predictions TO '" + partial.toString().replace("'", "''") + "' (" + format + ")");
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot write " + output.getFileName() + ": " + SqlFrames.message(e));
        } catch (IOException e) {
            throw CairnException.invalidParameter("Cannot write " + output.getFileName() + ": " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // Only a leftover partial file beside the output.
            }
        }
        return new Result(rows[0], (System.nanoTime() - start) / 1e9);
    }

    private Frame score(Frame batch, Optional<String> idColumn) {
        if (idColumn.isEmpty()) {
            return model.predict(batch);
        }
        Column id = batch.column(idColumn.get()).orElseThrow(() -> CairnException.invalidParameter(
                "The input has no id column `" + idColumn.get() + "`"));
        Frame features = new Frame(batch.columns().stream().filter(column -> !column.name().equals(idColumn.get())).toList());
        List<Column> columns = new ArrayList<>();
        columns.add(id);
        columns.addAll(model.predict(features).columns());
        return new Frame(columns);
    }

    private static String format(Path output) {
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return "FORMAT PARQUET, COMPRESSION ZSTD";
        }
        if (name.endsWith(".csv")) {
            return "FORMAT CSV, HEADER";
        }
        throw CairnException.invalidParameter("Name the output .parquet or .csv; got " + output.getFileName());
    }

    /** The predictions table, created from the first batch's columns and filled through DuckDB's appender. */
    private static final class Appender {
        private final DuckDBConnection duckdb;
        private DuckDBAppender appender;
        private List<String> columns;

        Appender(DuckDBConnection duckdb) {
            this.duckdb = duckdb;
        }

        void append(Frame frame) {
            try {
                if (appender == null) {
                    create(frame);
                }
                List<String> names = frame.columns().stream().map(Column::name).toList();
                if (!names.equals(columns)) {
                    throw CairnException.invalidParameter("The model answered with columns " + names + " after " + columns);
                }
                List<Column> frameColumns = frame.columns();
                for (int row = 0; row < frame.rowCount(); row++) {
                    appender.beginRow();
                    for (Column column : frameColumns) {
                        if (column.isNull(row)) {
                            appender.appendNull();
                        } else if (column instanceof Column.Numbers numbers) {
                            if (numbers.type() == ColumnType.LONG) {
                                appender.append((long) numbers.values()[row]);
                            } else {
                                appender.append(numbers.values()[row]);
                            }
                        } else {
                            appender.append(column.text(row));
                        }
                    }
                    appender.endRow();
                }
            } catch (SQLException e) {
                throw CairnException.invalidParameter("Cannot buffer predictions: " + SqlFrames.message(e));
            }
        }

        private void create(Frame frame) throws SQLException {
            columns = frame.columns().stream().map(Column::name).toList();
            StringBuilder ddl = new StringBuilder("CREATE TABLE predictions (");
            for (int i = 0; i < frame.columns().size(); i++) {
                Column column = frame.columns().get(i);
                ddl.append(i == 0 ? "" : ", ").append('"').append(column.name().replace("\"", "\"\"")).append("\" ")
                        .append(switch (column.type()) {
                            case LONG -> "BIGINT";
                            case DOUBLE -> "DOUBLE";
                            case STRING -> "VARCHAR";
                        });
            }
            try (Statement statement = duckdb.createStatement()) {
                statement.execute(ddl.append(')').toString());
            }
            appender = duckdb.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "predictions");
        }

        void close() {
            if (appender != null) {
                try {
                    appender.close();
                } catch (SQLException e) {
                    throw CairnException.invalidParameter("Cannot buffer predictions: " + SqlFrames.message(e));
                }
            }
        }
    }
}
