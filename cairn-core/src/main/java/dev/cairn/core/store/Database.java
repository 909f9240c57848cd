package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

import static java.util.Objects.requireNonNull;

/**
 * Runs units of work on pooled connections, one transaction each: committed when the work
 * returns, rolled back when it throws, so a failed call leaves no partial state.
 *
 * <p>A write is durable when {@link #inTransaction} returns: after the commit, the database's
 * {@link CommitBarrier} waits until the transaction is on disk.
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
    private final CommitBarrier commitBarrier;

    /** Wraps a data source whose connections do not auto-commit. */
    Database(DataSource dataSource, CommitBarrier commitBarrier) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.commitBarrier = requireNonNull(commitBarrier, "commitBarrier is null");
    }

    /** Runs work that writes in one transaction, durable on return, and returns its result. */
    public <T> T inTransaction(Work<T> work) {
        return run(work, true);
    }

    /** Runs work that only reads, in one transaction, and returns its result. */
    public <T> T read(Work<T> work) {
        return run(work, false);
    }

    private <T> T run(Work<T> work, boolean write) {
        try (Connection connection = dataSource.getConnection()) {
            try {
                T result = work.run(connection);
                connection.commit();
                if (write) {
                    commitBarrier.awaitDurable();
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
