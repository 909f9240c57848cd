package dev.cairn.core.store;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The databases Cairn keeps its metadata in, and the few places where their SQL differs. The
 * stores hold one set of SQL; each difference is a method here, so a reader finds all of them on
 * one page.
 */
public enum Dialect {
    /** The embedded default: a file, one writer, readers beside it (WAL). */
    SQLITE("jdbc:sqlite:"),
    /** The production database. */
    POSTGRESQL("jdbc:postgresql:"),
    /** The embedded database of earlier builds: only read, by {@code cairn db copy}. */
    H2("jdbc:h2:");

    /** SQLSTATE of a unique or primary key violation in PostgreSQL and H2. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final String urlPrefix;

    Dialect(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /** The dialect of a JDBC URL, if Cairn knows it. */
    public static Optional<Dialect> of(String jdbcUrl) {
        for (Dialect dialect : values()) {
            if (jdbcUrl.startsWith(dialect.urlPrefix)) {
                return Optional.of(dialect);
            }
        }
        return Optional.empty();
    }

    /** The prefix of this dialect's JDBC URLs. */
    public String urlPrefix() {
        return urlPrefix;
    }

    /**
     * The clause that locks selected rows until commit. SQLite needs none: every write
     * transaction begins with {@code BEGIN IMMEDIATE} on the one writer connection, which already
     * holds the whole database.
     */
    String forUpdate() {
        return this == SQLITE ? "" : " FOR UPDATE";
    }

    /**
     * The join that keeps its left table as the outer loop. SQLite's planner, seeing an index on
     * {@code runs (experiment_id, ...)}, would otherwise start from every run of the experiment and
     * sort them all; its {@code CROSS JOIN} is the documented way to fix the order. PostgreSQL
     * plans from statistics and takes a plain join.
     */
    String orderedJoin() {
        return this == SQLITE ? "CROSS JOIN" : "JOIN";
    }

    /** True if the exception reports a duplicate key. */
    boolean isUniqueViolation(SQLException e) {
        for (SQLException current = e; current != null; current = current.getNextException()) {
            if (current instanceof SQLiteException sqlite) {
                SQLiteErrorCode code = sqlite.getResultCode();
                if (code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
                    return true;
                }
            } else if (UNIQUE_VIOLATION.equals(current.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends a case-sensitive {@code LIKE} (MLflow's semantics: {@code %} any run, {@code _} one
     * character, backslash escapes). SQLite's {@code LIKE} ignores ASCII case, so there the
     * pattern becomes a {@code GLOB}, which does not.
     */
    void appendLike(SqlQuery query, String column, String pattern) {
        if (this == SQLITE) {
            query.append(column + " GLOB ?", likeToGlob(pattern));
        } else {
            query.append(column + " LIKE ?", pattern);
        }
    }

    /** Appends a case-insensitive {@code LIKE}; SQLite names the backslash escape, which the others have by default. */
    void appendIlike(SqlQuery query, String column, String pattern) {
        query.append("LOWER(" + column + ") LIKE LOWER(?)" + (this == SQLITE ? " ESCAPE '\\'" : ""), pattern);
    }

    /** A LIKE pattern as the GLOB pattern that matches the same strings. */
    static String likeToGlob(String like) {
        StringBuilder glob = new StringBuilder(like.length() + 8);
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                appendGlobLiteral(glob, like.charAt(++i));
            } else if (c == '%') {
                glob.append('*');
            } else if (c == '_') {
                glob.append('?');
            } else {
                appendGlobLiteral(glob, c);
            }
        }
        return glob.toString();
    }

    private static void appendGlobLiteral(StringBuilder glob, char c) {
        if (c == '*' || c == '?' || c == '[') {
            glob.append('[').append(c).append(']');
        } else {
            glob.append(c);
        }
    }
}
