package dev.cairn.bench;

import dev.cairn.data.file.TableFile;
import dev.cairn.monitor.drift.ColumnDrift;
import dev.cairn.monitor.drift.DriftOptions;
import dev.cairn.monitor.drift.DriftReport;
import dev.cairn.monitor.drift.TableDrift;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * Drift of the February to June flights (about 2.5 million rows) against January's, on five
 * columns: {@code delay}, {@code distance}, {@code origin}, {@code destination} and the minute of
 * the day of departure taken from {@code date}. The two tables are written to Parquet once with
 * DuckDB (not timed); each run is one {@link TableDrift#compare}. Values/s counts the values of
 * both tables (rows of both times columns). Peak heap is the sum of the heap pools' peaks since
 * the run began; the process's resident peak (VmHWM) includes DuckDB's native memory. A last run
 * compares February alone, so the memory of a window a fifth the size can be read beside it.
 *
 * <p>{@code noisy} adds a seeded uniform [0, 1) to each delay, so that column has about as many
 * distinct values as rows: the worst case for counting values, where the grouping and the sort
 * of 3 million distinct values dominate.
 *
 * <p>Usage: {@code DriftBenchmark [runs=5] [file=examples/data/flights-3m.parquet] [noisy]}.
 */
public final class DriftBenchmark {
    private static final String OTHER_COLUMNS = "distance, origin, destination, hour(date) * 60 + minute(date) AS departure_minute";

    private DriftBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path flights = Path.of(args.length > 1 ? args[1] : "examples/data/flights-3m.parquet").toAbsolutePath();
        boolean noisy = args.length > 2 && args[2].equals("noisy");
        String columns = (noisy ? "delay + random() AS delay, " : "delay, ") + OTHER_COLUMNS;
        Path folder = Files.createDirectories(Path.of("bench/target/drift"));
        TableFile january = write(flights, columns, "month(date) = 1", folder.resolve("january.parquet"));
        TableFile laterMonths = write(flights, columns, "month(date) BETWEEN 2 AND 6", folder.resolve("february-june.parquet"));
        TableFile february = write(flights, columns, "month(date) = 2", folder.resolve("february.parquet"));
        long referenceRows = rows(january);
        long currentRows = rows(laterMonths);
        long values = (referenceRows + currentRows) * 5;
        System.out.printf("reference January: %,d rows; current February-June: %,d rows; 5 columns, %,d values; %d cores%n",
                referenceRows, currentRows, values, Runtime.getRuntime().availableProcessors());

        double[] seconds = new double[runs];
        DriftReport report = null;
        for (int run = 0; run < runs; run++) {
            resetHeapPeaks();
            long start = System.nanoTime();
            report = TableDrift.compare(january, laterMonths, DriftOptions.defaults());
            seconds[run] = (System.nanoTime() - start) / 1e9;
            System.out.printf("run %d: %.3f s, %,.0f values/s, peak heap %,d MiB, process peak RSS %,d MiB%n", run + 1, seconds[run],
                    values / seconds[run], heapPeaks() >> 20, residentPeakKib() >> 10);
        }
        for (ColumnDrift column : report.columns()) {
            System.out.printf("  %-16s %-13s %.4f (threshold %.2f) %s%n", column.column(), column.method().wireName(), column.statistic(),
                    column.threshold(), column.drift() ? "drift" : "no drift");
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        System.out.printf("median %.3f s: %,.0f values/s (%,.0f current values/s)%n", sorted[runs / 2], values / sorted[runs / 2],
                currentRows * 5 / sorted[runs / 2]);

        resetHeapPeaks();
        long start = System.nanoTime();
        TableDrift.compare(january, february, DriftOptions.defaults());
        System.out.printf("February alone (%,d rows): %.3f s, peak heap %,d MiB%n", rows(february), (System.nanoTime() - start) / 1e9,
                heapPeaks() >> 20);
    }

    private static TableFile write(Path flights, String columns, String where, Path output) throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("SELECT setseed(0.15)");
            statement.execute("COPY (SELECT " + columns + " FROM read_parquet('" + flights.toString().replace("'", "''") + "') WHERE " + where
                    + ") TO '" + output.toString().replace("'", "''") + "' (FORMAT PARQUET)");
        }
        return new TableFile(output);
    }

    private static long rows(TableFile file) throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM " + file.readFunction())) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void resetHeapPeaks() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long heapPeaks() {
        return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    }

    /** The process's resident peak from /proc (Linux), in KiB; 0 elsewhere. */
    private static long residentPeakKib() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }
}
