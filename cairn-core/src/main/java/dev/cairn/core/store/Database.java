package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static java.util.Objects.requireNonNull;

/**
 * Runs units of work on pooled connections, one transaction each: committed when the work
 * returns, rolled back when it throws, so a failed call leaves no partial state.
 *
 * <p>A write is durable when {@link #inTransaction} returns. PostgreSQL guarantees that on
 * commit. H2 writes committed changes to its file in the background unless its write delay is
 * 0, and a write delay of 0 also stops the background thread that reclaims dead chunks (the file
 * then grows without bound), so on H2 a write transaction ends with {@code CHECKPOINT}, which
 * writes the store synchronously.
 */
public final class Database {
    /** SQLSTATE of a unique or primary key violation, the same in H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** A unit of work on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        /** Does the work; SQL errors roll the transaction back. */
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final boolean checkpointAfterWrites;

    /**
     * Wraps a data source whose connections do not auto-commit; {@code checkpointAfterWrites}
     * is true for H2 (see the class comment).
     */
    public Database(DataSource dataSource, boolean checkpointAfterWrites) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.checkpointAfterWrites = checkpointAfterWrites;
    }

    /** Runs work that writes in one transaction, durable on return, and returns its result. */
    public <T> T inTransaction(Work<T> work) {
        return run(work, checkpointAfterWrites);
    }

    /** Runs work that only reads, in one transaction, and returns its result. */
    public <T> T read(Work<T> work) {
        return run(work, false);
    }

    private <T> T run(Work<T> work, boolean checkpoint) {
        try (Connection connection = dataSource.getConnection()) {
            try {
                T result = work.run(connection);
                connection.commit();
                if (checkpoint) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("CHECKPOINT");
                    }
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Database error: " + e.getMessage(), e);
        }
    }

    /** True if the exception reports a duplicate key. */
    public static boolean isUniqueViolation(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if (UNIQUE_VIOLATION.equals(current.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
