package dev.cairn.bench;

import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.ParquetExport;
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
 * The flights example's rows as its spec defines them: the spec's SQL transform over its
 * datasets, restricted to one part of its time split (the monitoring part is what a deployed
 * model scores). Read from the spec rather than copied, so the benchmarks follow the example.
 */
final class FlightsData {
    static final Path SPEC = Path.of("examples/flights/train.yaml");

    private final TrainSpec spec;
    private final Path specFolder;

    private FlightsData(TrainSpec spec, Path specFolder) {
        this.spec = spec;
        this.specFolder = specFolder;
    }

    /** The example's data as {@code examples/flights/train.yaml} describes it. */
    static FlightsData fromSpec() {
        return new FlightsData(TrainSpec.read(SPEC), SPEC.toAbsolutePath().getParent());
    }

    /** The first rows of a split part, with the model's input columns. */
    Frame head(String part, int rows) throws SQLException {
        try (Connection duckdb = connect()) {
            return SqlFrames.read(duckdb, query(part) + " LIMIT " + rows);
        }
    }

    /** Writes some columns of a split part's rows to a Parquet file with DuckDB. */
    TableFile writePart(String part, List<String> columns, Path output) throws SQLException {
        return write(query(part), columns, output);
    }

    /** Writes some columns of every row of the spec's transform (what training registers as its dataset) to a Parquet file. */
    TableFile writeAll(List<String> columns, Path output) throws SQLException {
        return write(spec.transform().orElseThrow().sql(), columns, output);
    }

    private TableFile write(String query, List<String> columns, Path output) throws SQLException {
        String select = columns.stream().map(name -> "\"" + name.replace("\"", "\"\"") + "\"").collect(Collectors.joining(", "));
        try (Connection duckdb = connect(); Statement statement = duckdb.createStatement()) {
            return ParquetExport.write(statement, "SELECT " + select + " FROM (" + query + ")", output);
        }
    }

    /** A DuckDB connection with each of the spec's file datasets as a view of its name. */
    private Connection connect() throws SQLException {
        Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = duckdb.createStatement()) {
            for (Map.Entry<String, TrainSpec.Source> dataset : spec.datasets().entrySet()) {
                TableFile file = new TableFile(specFolder.resolve(dataset.getValue().file().orElseThrow()).normalize());
                statement.execute("CREATE VIEW \"" + dataset.getKey() + "\" AS SELECT * FROM " + file.readFunction());
            }
        } catch (SQLException e) {
            duckdb.close();
            throw e;
        }
        return duckdb;
    }

    private String query(String part) {
        TrainSpec.TimeSplit split = spec.split().time().orElseThrow(() -> new IllegalStateException("the flights spec splits by time"));
        var range = split.parts().get(part);
        if (range == null) {
            throw new IllegalArgumentException("the flights spec has no split part '" + part + "'; it has " + split.parts().keySet());
        }
        String column = "\"" + split.column() + "\"";
        return "SELECT * FROM (" + spec.transform().orElseThrow().sql() + ") WHERE " + column + " >= TIMESTAMP '" + range.from()
                + "' AND " + column + " < TIMESTAMP '" + range.to() + "'";
    }
}
