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
     * checkpoints after every write transaction (see {@link Database}). {@code RETENTION_TIME=0}
     * lets H2 reuse the space of dead chunks at once; H2's default keeps them 45 s as a guard
     * against disks that reorder writes on power loss, and under a steady stream of small commits
     * the file then grows by gigabytes. A process crash cannot reorder writes, so acknowledged
     * writes still survive {@code kill -9}; protection against power loss is PostgreSQL's job.
     */
    public static String h2Url(Path file) {
        return "jdbc:h2:file:" + file.toAbsolutePath() + ";RETENTION_TIME=0";
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
