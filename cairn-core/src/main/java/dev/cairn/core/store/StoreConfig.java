package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;

import java.nio.file.Path;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Where the metadata database is and how artifacts of new experiments are addressed.
 *
 * @param jdbcUrl the database: {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://...}
 * @param defaultArtifactRoot the root under which experiments without an explicit location keep
 *     their artifacts, such as {@code mlflow-artifacts:} (served through the artifact proxy)
 * @param maxPoolSize the most connections each pool opens (reads and writes have a pool each;
 *     SQLite's write pool is always one connection)
 * @param statementTimeout how long a read (a search) may run on the database before it is
 *     stopped, so that no query can hold a connection for long; writes get at least
 *     {@link #MIN_WRITE_TIMEOUT}, since they are short but may wait for another write's lock
 */
public record StoreConfig(String jdbcUrl, String defaultArtifactRoot, int maxPoolSize, Duration statementTimeout) {
    /** The artifact root that routes MLflow clients through the server's artifact proxy. */
    public static final String PROXIED_ARTIFACT_ROOT = "mlflow-artifacts:";
    /** The default statement timeout. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    /** The least time a write may take, whatever the statement timeout. */
    public static final Duration MIN_WRITE_TIMEOUT = Duration.ofSeconds(10);

    /** A configuration with the default statement timeout. */
    public StoreConfig(String jdbcUrl, String defaultArtifactRoot, int maxPoolSize) {
        this(jdbcUrl, defaultArtifactRoot, maxPoolSize, DEFAULT_STATEMENT_TIMEOUT);
    }

    public StoreConfig {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(defaultArtifactRoot, "defaultArtifactRoot is null");
        Dialect dialect = Dialect.of(jdbcUrl).orElseThrow(() -> CairnException.invalidParameter(
                "Unsupported database URL '" + MetadataStore.redact(jdbcUrl)
                        + "': use jdbc:sqlite:<file> or jdbc:postgresql://<host>:<port>/<database>"));
        if (dialect == Dialect.H2) {
            throw CairnException.invalidParameter("H2 databases are no longer served: H2 lost "
                    + "acknowledged writes after a crash. Copy it to SQLite or PostgreSQL with: cairn db copy --from "
                    + MetadataStore.redact(jdbcUrl) + " --to jdbc:sqlite:<file>");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1");
        }
        requireNonNull(statementTimeout, "statementTimeout is null");
        if (statementTimeout.toMillis() < 1) {
            throw CairnException.invalidParameter("The statement timeout must be positive; got " + statementTimeout);
        }
        while (defaultArtifactRoot.endsWith("/")) {
            defaultArtifactRoot = defaultArtifactRoot.substring(0, defaultArtifactRoot.length() - 1);
        }
    }

    /** The embedded default: a SQLite file {@code home/db/cairn.db}. */
    public static StoreConfig embedded(Path home) {
        return new StoreConfig(sqliteUrl(embeddedFile(home)), PROXIED_ARTIFACT_ROOT, 16);
    }

    /** The embedded database file of a Cairn home. */
    public static Path embeddedFile(Path home) {
        return home.resolve("db").resolve("cairn.db");
    }

    /** The JDBC URL of a SQLite file; the store sets WAL, {@code synchronous=FULL} and the rest (see {@link SqlitePools}). */
    public static String sqliteUrl(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    /** The same configuration with another database. */
    public StoreConfig withJdbcUrl(String url) {
        return new StoreConfig(url, defaultArtifactRoot, maxPoolSize, statementTimeout);
    }

    /** How long a write may take: the statement timeout, but at least {@link #MIN_WRITE_TIMEOUT}. */
    public Duration writeTimeout() {
        return statementTimeout.compareTo(MIN_WRITE_TIMEOUT) > 0 ? statementTimeout : MIN_WRITE_TIMEOUT;
    }

    /** The same configuration with another statement timeout. */
    public StoreConfig withStatementTimeout(Duration timeout) {
        return new StoreConfig(jdbcUrl, defaultArtifactRoot, maxPoolSize, timeout);
    }

    /** The database's dialect. */
    public Dialect dialect() {
        return Dialect.of(jdbcUrl).orElseThrow();
    }
}
