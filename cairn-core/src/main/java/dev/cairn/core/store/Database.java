package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Runs units of work on pooled connections, one transaction each: committed when the work
 * returns, rolled back when it throws, so a failed call leaves no partial state. Writes and reads
 * take connections from separate pools: on SQLite the writer pool is the single connection that
 * may write, and on PostgreSQL slow searches cannot take the connections writes need.
 *
 * <p>A write is durable when {@link #inTransaction} returns: both databases flush the commit to
 * disk before {@code commit()} returns (SQLite with {@code synchronous=FULL}).
 */
public final class Database {
    /** A unit of work on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        /** Does the work; SQL errors roll the transaction back. */
        T run(Connection connection) throws SQLException;
    }

    private final Dialect dialect;
    private final DataSource writer;
    private final DataSource reader;
    private final Optional<PlannerStatistics> statistics;

    /** Wraps the write and read pools of a database whose connections do not auto-commit. */
    Database(Dialect dialect, DataSource writer, DataSource reader) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.statistics = dialect == Dialect.SQLITE ? Optional.of(new PlannerStatistics()) : Optional.empty();
    }

    /** The database's dialect. */
    Dialect dialect() {
        return dialect;
    }

    /** Runs work that writes in one transaction, durable on return, and returns its result. */
    public <T> T inTransaction(Work<T> work) {
        return run(writer, work, statistics);
    }

    /** Runs work that only reads, in one transaction, and returns its result. */
    public <T> T read(Work<T> work) {
        return run(reader, work, Optional.empty());
    }

    private static <T> T run(DataSource pool, Work<T> work, Optional<PlannerStatistics> statistics) {
        try (Connection connection = pool.getConnection()) {
            try {
                T result = work.run(connection);
                connection.commit();
                statistics.ifPresent(planner -> planner.afterCommit(connection));
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLTransientConnectionException e) {
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "The metadata database is busy or unreachable; try again", e);
        } catch (SQLException e) {
            // The SQL and the database's own message stay in the cause, for the log only.
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "The metadata database failed", e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
