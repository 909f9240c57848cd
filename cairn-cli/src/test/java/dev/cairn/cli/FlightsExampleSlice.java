package dev.cairn.cli;

import dev.cairn.model.testing.BreastCancerModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A spec of {@code examples/flights} copied into a test's own examples folder beside a seeded
 * sample of the flights file, at the relative path the spec reads ({@code ../data/flights-3m.parquet}),
 * so that the example runs unchanged on a slice small enough for a test.
 */
final class FlightsExampleSlice {
    private FlightsExampleSlice() {
    }

    /**
     * Copies {@code examples/flights/<spec>} to {@code examples/flights/} and writes a repeatable
     * sample of {@code rows} flights of the whole half-year, in time order, to {@code examples/data/};
     * returns the copied spec.
     */
    static Path copy(Path examples, String spec, int rows) throws Exception {
        Path flights = Files.createDirectories(examples.resolve("flights"));
        Path data = Files.createDirectories(examples.resolve("data"));
        Files.copy(BreastCancerModel.exampleData().resolveSibling("flights").resolve(spec), flights.resolve(spec));
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (SELECT * FROM read_parquet('" + BreastCancerModel.exampleData().resolve("flights-3m.parquet")
                    + "') USING SAMPLE reservoir(" + rows + " ROWS) REPEATABLE (7) ORDER BY date) TO '" + data.resolve("flights-3m.parquet")
                    + "' (FORMAT PARQUET)");
        }
        return flights.resolve(spec);
    }
}
