package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.sqlite.SQLiteConfig;

import java.util.Locale;

/**
 * Brings a database's schema up to date with the migrations of its dialect, in
 * {@code db/migration/<dialect>}. Versions are shared across dialects: version N means the same
 * tables and columns in each (SQLite joined at version 6, whose script creates all of it).
 */
final class SchemaMigration {
    private SchemaMigration() {
    }

    /** Applies every pending migration to the database at a URL. */
    static void migrate(Dialect dialect, String jdbcUrl) {
        try {
            flyway(dialect, jdbcUrl).migrate();
        } catch (FlywayException e) {
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE,
                    "Cannot bring the schema of " + MetadataStore.redact(jdbcUrl) + " up to date: " + e.getMessage(), e);
        }
    }

    private static Flyway flyway(Dialect dialect, String jdbcUrl) {
        FluentConfiguration configuration = Flyway.configure(SchemaMigration.class.getClassLoader())
                .locations("classpath:db/migration/" + dialect.name().toLowerCase(Locale.ROOT));
        configureSource(configuration, dialect, jdbcUrl);
        return configuration.load();
    }

    /**
     * Migrations run on their own connections, before the pools open: Flyway may hold two at once,
     * and SQLite's write pool has one.
     */
    private static void configureSource(FluentConfiguration configuration, Dialect dialect, String jdbcUrl) {
        if (dialect == Dialect.SQLITE) {
            configuration.dataSource(ConnectionPools.sqlite(jdbcUrl, SQLiteConfig.TransactionMode.DEFERRED));
        } else {
            configuration.dataSource(jdbcUrl, null, null);
        }
    }
}
