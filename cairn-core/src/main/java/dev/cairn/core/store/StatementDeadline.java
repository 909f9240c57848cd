package dev.cairn.core.store;

import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Stops a unit of work that runs past the statement timeout. PostgreSQL does it itself (each
 * pooled connection sets {@code statement_timeout}); SQLite has no such setting, and the driver's
 * {@code setQueryTimeout} does not stop a running query, so a timer interrupts the connection
 * ({@code sqlite3_interrupt}). The interrupt is sent only while the work still runs, so it cannot
 * reach the next user of the pooled connection.
 */
final class StatementDeadline {
    /** SQLSTATE of a statement PostgreSQL cancelled (here: at {@code statement_timeout}). */
    private static final String QUERY_CANCELED = "57014";
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cairn-statement-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private final Dialect dialect;
    private final Duration timeout;

    StatementDeadline(Dialect dialect, Duration timeout) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** The time a unit of work may take. */
    Duration timeout() {
        return timeout;
    }

    /** Runs work on a connection, interrupting it (on SQLite) once the timeout has passed. */
    <T> T run(Connection connection, Database.Work<T> work) throws SQLException {
        if (dialect != Dialect.SQLITE) {
            return work.run(connection);
        }
        SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);
        Object lock = new Object();
        boolean[] running = {true};
        ScheduledFuture<?> interrupt = TIMER.schedule(() -> {
            synchronized (lock) {
                if (running[0]) {
                    try {
                        sqlite.getDatabase().interrupt();
                    } catch (SQLException ignored) {
                        // The connection closed meanwhile: nothing runs on it any more.
                    }
                }
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return work.run(connection);
        } finally {
            synchronized (lock) {
                running[0] = false;
            }
            interrupt.cancel(false);
        }
    }

    /** True if the exception reports work stopped at the timeout. */
    boolean isTimeout(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if (current instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_INTERRUPT
                    || QUERY_CANCELED.equals(current.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
