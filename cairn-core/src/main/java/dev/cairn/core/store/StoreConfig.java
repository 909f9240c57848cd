package dev.cairn.core.store;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Where the metadata database is and how artifacts of new experiments are addressed.
 *
 * @param jdbcUrl the database: {@code jdbc:h2:file:...} or {@code jdbc:postgresql://...}
 * @param defaultArtifactRoot the root under which experiments without an explicit location keep
 *     their artifacts, such as {@code mlflow-artifacts:} (served through the artifact proxy)
 * @param maxPoolSize the most connections the store opens
 */
public record StoreConfig(String jdbcUrl, String defaultArtifactRoot, int maxPoolSize) {
    /** The artifact root that routes MLflow clients through the server's artifact proxy. */
    public static final String PROXIED_ARTIFACT_ROOT = "mlflow-artifacts:";

    public StoreConfig {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(defaultArtifactRoot, "defaultArtifactRoot is null");
        if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Unsupported database URL '" + jdbcUrl
                    + "': use jdbc:h2:file:<path> or jdbc:postgresql://<host>:<port>/<database>");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1");
        }
        while (defaultArtifactRoot.endsWith("/")) {
            defaultArtifactRoot = defaultArtifactRoot.substring(0, defaultArtifactRoot.length() - 1);
        }
    }

    /** The embedded default: an H2 file database under {@code home/db}. */
    public static StoreConfig embedded(Path home) {
        return new StoreConfig(h2Url(home.resolve("db").resolve("cairn")), PROXIED_ARTIFACT_ROOT, 16);
    }

    /**
     * The JDBC URL of an H2 file database. Durability does not come from the URL: the store
     * waits after every write transaction until it is on disk (see {@link H2CommitBarrier}).
     * H2's default chunk retention (45 s) stays: with {@code RETENTION_TIME=0} the file stays
     * small, but the crash test showed that H2 then loses the newest chunk on recovery.
     * {@code DB_CLOSE_ON_EXIT=FALSE} stops H2's own shutdown hook from closing the database
     * under requests still in flight on SIGTERM; {@link MetadataStore#close()} closes it.
     */
    public static String h2Url(Path file) {
        return "jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** The same configuration with another database. */
    public StoreConfig withJdbcUrl(String url) {
        return new StoreConfig(url, defaultArtifactRoot, maxPoolSize);
    }

    /** True if the database is PostgreSQL. */
    public boolean isPostgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }
}
