package dev.cairn.core.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps SQLite's query planner statistics current. Without them SQLite guesses, and for a search
 * such as {@code metrics.rmse < 0.5 and params.model = 'tree'} it guessed wrong by 300x on
 * 100,000 runs (starting from the metric's index instead of the newest runs). PostgreSQL's
 * autovacuum does the same job there.
 *
 * <p>After every 1,000th write it compares the size of {@code runs} with the size at the last
 * {@code ANALYZE}, and analyzes again when it has doubled: the total cost stays linear in the
 * data (an {@code ANALYZE} of 100,000 runs takes about 0.3 s on the writer). Sampled statistics
 * ({@code analysis_limit}) were tried and misled the planner on the same search.
 */
final class PlannerStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(PlannerStatistics.class);
    private static final long CHECK_EVERY_WRITES = 1_000;
    private static final long MIN_RUNS = 1_000;

    private final AtomicLong writes = new AtomicLong();
    private volatile long analyzedAtRuns = -1;

    /** Called on the writer connection after a write transaction committed; never fails the write. */
    void afterCommit(Connection writer) {
        if (writes.incrementAndGet() % CHECK_EVERY_WRITES != 1 && analyzedAtRuns >= 0) {
            return;
        }
        try {
            if (analyzedAtRuns < 0) {
                analyzedAtRuns = runsAtLastAnalysis(writer);
            }
            long runs = runs(writer);
            if (runs >= MIN_RUNS && runs >= 2 * Math.max(analyzedAtRuns, 1)) {
                long start = System.nanoTime();
                try (Statement statement = writer.createStatement()) {
                    statement.execute("ANALYZE");
                }
                writer.commit();
                analyzedAtRuns = runs;
                LOG.info("Planner statistics refreshed at {} runs in {} ms", runs, (System.nanoTime() - start) / 1_000_000);
            }
        } catch (SQLException e) {
            LOG.warn("Could not refresh the planner statistics: {}", e.getMessage());
            try {
                writer.rollback();
            } catch (SQLException rollbackFailure) {
                LOG.warn("Rollback after the failed ANALYZE failed: {}", rollbackFailure.getMessage());
            }
        }
    }

    /** The highest rowid of {@code runs}: its size (runs are never deleted), read from the end of the table's tree. */
    private static long runs(Connection connection) throws SQLException {
        return longValue(connection, "SELECT COALESCE(MAX(rowid), 0) FROM runs");
    }

    private static long runsAtLastAnalysis(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet exists = statement.executeQuery("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")) {
            if (!exists.next()) {
                return 0;
            }
        }
        return longValue(connection, "SELECT COALESCE(MAX(CAST(stat AS INTEGER)), 0) FROM sqlite_stat1 WHERE tbl = 'runs'");
    }

    private static long longValue(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
