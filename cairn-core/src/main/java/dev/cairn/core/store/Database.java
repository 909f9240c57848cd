package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

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
    /** How long a write waits for its turn: writes are short, and a write should wait rather than fail. */
    private static final Duration WRITE_WAIT = Duration.ofSeconds(30);

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
    private final StatementDeadline readDeadline;
    private final StatementDeadline writeDeadline;
    private final Semaphore writeTurns;
    private final Semaphore readTurns;

    /**
     * Wraps the write and read pools of a database whose connections do not auto-commit; a unit
     * of work that runs longer than {@code timeout} is stopped (PostgreSQL's pools stop their own
     * statements; SQLite's are interrupted here).
     */
    Database(Dialect dialect, DataSource writer, int writers, DataSource reader, int readers, Duration readTimeout, Duration writeTimeout) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.statistics = dialect == Dialect.SQLITE ? Optional.of(new PlannerStatistics()) : Optional.empty();
        this.readDeadline = new StatementDeadline(dialect, readTimeout);
        this.writeDeadline = new StatementDeadline(dialect, writeTimeout);
        // Callers take turns in arrival order: the pool alone hands connections out unfairly, and under a flood
        // of slow searches some callers waited its full 30 s.
        this.writeTurns = new Semaphore(writers, true);
        this.readTurns = new Semaphore(readers, true);
    }

    /** The database's dialect. */
    Dialect dialect() {
        return dialect;
    }

    /** Runs work that writes in one transaction, durable on return, and returns its result. */
    public <T> T inTransaction(Work<T> work) {
        awaitTurn(writeTurns, WRITE_WAIT, ErrorCode.TEMPORARILY_UNAVAILABLE,
                "The metadata database is busy with other writes; try again");
        try {
            return run(writer, writeDeadline, work, statistics);
        } finally {
            writeTurns.release();
        }
    }

    /**
     * Runs work that only reads, in one transaction, and returns its result. A read that cannot
     * start within the statement timeout, because as many reads as there are connections are
     * running, is refused with 429 rather than queued without bound.
     */
    public <T> T read(Work<T> work) {
        awaitTurn(readTurns, readDeadline.timeout(), ErrorCode.REQUEST_LIMIT_EXCEEDED,
                "Too many searches and reads are running at once; try again shortly");
        try {
            return run(reader, readDeadline, work, Optional.empty());
        } finally {
            readTurns.release();
        }
    }

    private static void awaitTurn(Semaphore turns, Duration wait, ErrorCode code, String message) {
        try {
            if (!turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CairnException(code, message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "The server is stopping");
        }
    }

    private static <T> T run(DataSource pool, StatementDeadline deadline, Work<T> work, Optional<PlannerStatistics> statistics) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = deadline.run(connection, work);
                connection.commit();
                statistics.ifPresent(planner -> planner.afterCommit(connection));
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            if (deadline.isTimeout(e)) {
                throw new CairnException(ErrorCode.INVALID_PARAMETER_VALUE, "The request ran longer than the database's limit of "
                        + deadline.timeout().toMillis() + " ms and was stopped; narrow the search (fewer conditions, a more selective "
                        + "filter, fewer results per page)", e);
            }
            if (e instanceof SQLTransientConnectionException) {
                throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "The metadata database is busy or unreachable; try again", e);
            }
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
