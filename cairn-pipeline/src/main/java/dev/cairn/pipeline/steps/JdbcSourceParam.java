package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.data.source.JdbcSource;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code jdbc} parameter of a {@code dataset} step: {@code {url, query, user, password_env,
 * watch}}, the password read from that environment variable, and {@code watch} the query whose
 * rows tell a watched pipeline that the source changed.
 */
public final class JdbcSourceParam {
    private JdbcSourceParam() {
    }

    /** A JDBC source and the query whose rows stand for its content. */
    public record WatchedQuery(JdbcSource source, String query) {
        public WatchedQuery {
            requireNonNull(source, "source is null");
            requireNonNull(query, "query is null");
        }
    }

    /**
     * For a watched pipeline, the query that tells whether a {@code dataset} step's JDBC source
     * changed: its {@code jdbc.watch} (a cheap query such as {@code SELECT max(updated_at), count(*)
     * FROM t}), else the step's query itself; empty for a file source.
     */
    public static Optional<WatchedQuery> watchedQuery(JsonNode params) {
        if (!params.has("jdbc")) {
            return Optional.empty();
        }
        JsonNode jdbc = params.get("jdbc");
        JdbcSource source = source(jdbc);
        return Optional.of(new WatchedQuery(source, jdbc.has("watch") ? jdbc.get("watch").asText() : source.query()));
    }

    /** The source a {@code jdbc} parameter names; a missing URL or query, or an empty watch query, is refused. */
    static JdbcSource source(JsonNode jdbc) {
        for (String field : List.of("url", "query")) {
            if (!jdbc.path(field).isTextual()) {
                throw CairnException.invalidParameter("'jdbc' needs '" + field + "' (text)");
            }
        }
        if (jdbc.has("watch") && !(jdbc.get("watch").isTextual() && !jdbc.get("watch").asText().isBlank())) {
            throw CairnException.invalidParameter("'jdbc.watch' is a query (text) whose rows change when the source does");
        }
        Optional<String> user = jdbc.has("user") ? Optional.of(jdbc.get("user").asText()) : Optional.empty();
        Optional<String> password = jdbc.has("password_env") ? Optional.ofNullable(System.getenv(jdbc.get("password_env").asText()))
                : Optional.empty();
        return new JdbcSource(jdbc.get("url").asText(), jdbc.get("query").asText(), user, password);
    }
}
