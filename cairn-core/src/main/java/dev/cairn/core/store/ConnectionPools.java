package dev.cairn.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The two connection pools of a metadata database: one for transactions that write, one for
 * reads. On SQLite the write pool is a single connection whose transactions begin with
 * {@code BEGIN IMMEDIATE}, so writers queue in the pool instead of failing with {@code SQLITE_BUSY}
 * mid-transaction, and readers run beside it on the write-ahead log.
 *
 * @param writer the pool for {@link Database#inTransaction}
 * @param reader the pool for {@link Database#read}
 * @param health one connection for {@link MetadataStore#isHealthy}, so that a flood of slow
 *     searches holding every reader cannot make the server look down
 */
record ConnectionPools(HikariDataSource writer, HikariDataSource reader, HikariDataSource health) implements AutoCloseable {
    /** How long a SQLite connection waits for another process's lock before it fails. */
    private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;
    /** The write-ahead log is truncated to this size after a checkpoint, so it cannot stay large. */
    private static final long SQLITE_WAL_SIZE_LIMIT_BYTES = 64L * 1024 * 1024;
    /** Page cache per SQLite connection, in KiB (SQLite takes a negative number as KiB). */
    private static final int SQLITE_CACHE_KIB = 16 * 1024;

    /** Opens both pools for a configuration. */
    static ConnectionPools open(StoreConfig config) {
        return switch (config.dialect()) {
            case SQLITE -> {
                HikariDataSource writer = pool(config, "cairn-writer", 1, sqlite(config.jdbcUrl(), SQLiteConfig.TransactionMode.IMMEDIATE), null);
                yield withOthers(writer, () -> pool(config, "cairn-reader", config.maxPoolSize(),
                        sqlite(config.jdbcUrl(), SQLiteConfig.TransactionMode.DEFERRED), null),
                        () -> pool(config, "cairn-health", 1, sqlite(config.jdbcUrl(), SQLiteConfig.TransactionMode.DEFERRED), null));
            }
            case POSTGRESQL -> {
                // PostgreSQL stops a statement itself at the timeout (SQLite's are interrupted by Database).
                String timeout = "SET statement_timeout = " + config.statementTimeout().toMillis();
                HikariDataSource writer = pool(config, "cairn-writer", config.maxPoolSize(), null,
                        "SET statement_timeout = " + config.writeTimeout().toMillis());
                // Searches are planned with their values every time: the driver prepares a statement on the server
                // after five uses, and PostgreSQL's generic plan for a skewed filter took 10x longer (290 ms against 30).
                yield withOthers(writer, () -> pool(config, "cairn-reader", config.maxPoolSize(), null,
                                timeout + "; SET plan_cache_mode = force_custom_plan"),
                        () -> pool(config, "cairn-health", 1, null, timeout));
            }
            case H2 -> throw new IllegalArgumentException("H2 is not served");
        };
    }

    /**
     * A SQLite data source with Cairn's settings: WAL, {@code synchronous=FULL} (every commit is
     * on disk before it returns, even across power loss), foreign keys, a busy timeout and a
     * bounded log. Settings given in the URL ({@code ?synchronous=NORMAL}) take precedence.
     */
    static SQLiteDataSource sqlite(String jdbcUrl, SQLiteConfig.TransactionMode transactionMode) {
        int query = jdbcUrl.indexOf('?');
        String fileUrl = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        createParentFolder(fileUrl);
        SQLiteConfig defaults = new SQLiteConfig();
        defaults.setJournalMode(SQLiteConfig.JournalMode.WAL);
        defaults.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        defaults.enforceForeignKeys(true);
        defaults.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
        defaults.setJournalSizeLimit((int) Math.min(Integer.MAX_VALUE, SQLITE_WAL_SIZE_LIMIT_BYTES));
        defaults.setCacheSize(-SQLITE_CACHE_KIB);
        defaults.setTransactionMode(transactionMode);
        Properties settings = defaults.toProperties();
        if (query >= 0) {
            for (String pair : jdbcUrl.substring(query + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    settings.setProperty(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(new SQLiteConfig(settings));
        dataSource.setUrl(fileUrl);
        return dataSource;
    }

    private static void createParentFolder(String fileUrl) {
        String file = fileUrl.substring(Dialect.SQLITE.urlPrefix().length());
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Cannot create the database folder " + parent + ": " + e.getMessage(), e);
        }
    }

    private interface PoolOpener {
        HikariDataSource open();
    }

    private static ConnectionPools withOthers(HikariDataSource writer, PoolOpener reader, PoolOpener health) {
        HikariDataSource readers = null;
        try {
            readers = reader.open();
            return new ConnectionPools(writer, readers, health.open());
        } catch (RuntimeException e) {
            if (readers != null) {
                readers.close();
            }
            writer.close();
            throw e;
        }
    }

    /**
     * A pool over a data source, or over the configuration's URL when {@code dataSource} is null,
     * running {@code initSql} (if not null) on each new connection.
     */
    private static HikariDataSource pool(StoreConfig config, String name, int size, DataSource dataSource, String initSql) {
        HikariConfig hikari = new HikariConfig();
        if (initSql != null) {
            hikari.setConnectionInitSql(initSql);
        }
        if (dataSource == null) {
            hikari.setJdbcUrl(config.jdbcUrl());
        } else {
            hikari.setDataSource(dataSource);
        }
        // Idle connections hold no transaction: the SQLite driver begins the next transaction as soon as one commits
        // when auto-commit is off, and an idle writer then kept the file's write lock, shutting every other process out.
        // Each unit of work turns auto-commit off for itself (Database), and the pool turns it back on at return.
        hikari.setAutoCommit(true);
        hikari.setMaximumPoolSize(size);
        // A fixed-size pool, as HikariCP advises: under a flood of slow searches, opening connections on demand
        // left callers waiting for new ones for tens of seconds.
        hikari.setMinimumIdle(size);
        hikari.setPoolName(name);
        hikari.setInitializationFailTimeout(10_000);
        // A health check must answer quickly; callers of the other pools may queue as long as a statement may run.
        hikari.setConnectionTimeout(name.equals("cairn-health") ? 2_000 : 30_000);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                    "Cannot open the metadata database " + MetadataStore.redact(config.jdbcUrl()) + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** Closes the health and reader pools, then the writer (the last SQLite connection to close checkpoints the log). */
    @Override
    public void close() {
        health.close();
        reader.close();
        writer.close();
    }
}
