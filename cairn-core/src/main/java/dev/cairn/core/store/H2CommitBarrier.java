package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

import static java.util.Objects.requireNonNull;

/**
 * Makes H2 commits durable before they are acknowledged.
 *
 * <p>H2 2.x commits a transaction in memory; its MVStore writes the changes later, on a
 * background thread, or at once only with {@code WRITE_DELAY=0}. Even then {@code
 * MVStore.commit()} returns without writing when another store is under way, and it hands the
 * write itself to an executor without waiting for it. Neither {@code WRITE_DELAY=0} nor
 * {@code CHECKPOINT} is therefore a barrier under concurrent writers: a crash test lost the
 * last acknowledged batch with both.
 *
 * <p>The barrier here is: wait for any store in progress and drain the write executors
 * ({@link MVStore#executeFilestoreOperation} does both, under the store lock), store what is
 * unsaved, then drain again. A store that starts after this transaction committed contains it,
 * and the second drain waits until that store is written. This uses H2's internal API, pinned by
 * the H2 version in the build and checked by the crash test.
 */
final class H2CommitBarrier implements CommitBarrier {
    private final MVStore store;

    private H2CommitBarrier(MVStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** The barrier for the H2 database behind a data source. */
    static H2CommitBarrier of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            return new H2CommitBarrier(session.getDatabase().getStore().getMvStore());
        } catch (SQLException | ClassCastException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Cannot reach the H2 store to make commits durable: " + e.getMessage(), e);
        }
    }

    @Override
    public void awaitDurable() {
        store.executeFilestoreOperation(() -> { });
        store.commit();
        store.executeFilestoreOperation(() -> { });
    }
}
