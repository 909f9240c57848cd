package dev.cairn.data.source;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.ParquetExport;
import dev.cairn.data.sql.SqlFrames;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A query against any JDBC database (PostgreSQL, H2, ... whose driver is on the class path),
 * whose rows are snapshot into a Parquet file: the file is what gets versioned, so a training
 * run can be repeated after the source table has changed. Rows stream through DuckDB's appender;
 * they are never all in memory.
 */
public record JdbcSource(String url, String query, Optional<String> user, Optional<String> password) {
    public JdbcSource {
        requireNonNull(url, "url is null");
        if (!url.startsWith("jdbc:")) {
            throw CairnException.invalidParameter("A JDBC source needs a jdbc: URL, not '" + url + "'");
        }
        if (query == null || query.isBlank()) {
            throw CairnException.invalidParameter("A JDBC source needs a query");
        }
    }

    /** Where the rows come from, for records and lineage: the URL and the query, never the password. */
    public String describe() {
        return url + " :: " + query.strip();
    }

    /**
     * The SHA-256 of the rows {@code watchQuery} returns (column names, then each value's text),
     * streamed, for telling whether a source changed without a snapshot: a watch query such as
     * {@code SELECT max(updated_at), count(*) FROM flights} makes that one cheap row. The query
     * may take at most {@code timeoutSeconds} to run and read.
     */
    public String digest(String watchQuery, int timeoutSeconds) {
        if (watchQuery.isBlank()) {
            throw CairnException.invalidParameter("A JDBC source's watch query is empty");
        }
        try (Connection source = connect();
             PreparedStatement statement = source.prepareStatement(watchQuery, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            source.setReadOnly(true);
            source.setAutoCommit(false);
            statement.setFetchSize(10_000);
            statement.setQueryTimeout(timeoutSeconds);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    field(sha256, meta.getColumnLabel(c));
                }
                // The query timeout covers executing the query, not fetching its rows, which a large result spends its time on.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
                long read = 0;
                while (rows.next()) {
                    if (++read % 1_000 == 0 && System.nanoTime() > deadline) {
                        statement.cancel();
                        throw CairnException.invalidParameter("The JDBC source's watch query took longer than " + timeoutSeconds
                                + " s to read; give the step a cheap 'watch' query, such as SELECT count(*), max(updated_at) FROM ...");
                    }
                    sha256.update((byte) '\n');
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        field(sha256, rows.getString(c));
                    }
                }
            }
            source.rollback();
            return HexFormat.of().formatHex(sha256.digest());
        } catch (SQLException e) {
            throw CairnException.invalidParameter("The JDBC source's watch query failed: " + SqlFrames.message(e));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A value with its length first, so that no two different rows hash alike; null apart from every text. */
    private static void field(MessageDigest sha256, String value) {
        if (value == null) {
            sha256.update((byte) 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update((byte) 1);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha256.update(bytes);
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        user.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        return DriverManager.getConnection(url, properties);
    }

    /** Runs the query and writes its rows to {@code output} as Parquet. */
    public TableFile snapshot(Path output) {
        try (Connection source = connect();
             PreparedStatement statement = source.prepareStatement(query, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            source.setReadOnly(true);
            // PostgreSQL streams a forward-only result only with a fetch size and autocommit off.
            source.setAutoCommit(false);
            statement.setFetchSize(10_000);
            try (ResultSet rows = statement.executeQuery();
                 DuckDBConnection duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:")) {
                List<Integer> kinds = createTable(duck, rows.getMetaData());
                try (DuckDBAppender appender = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "snapshot")) {
                    while (rows.next()) {
                        appender.beginRow();
                        for (int c = 0; c < kinds.size(); c++) {
                            append(appender, rows, c + 1, kinds.get(c));
                        }
                        appender.endRow();
                    }
                }
                TableFile snapshot;
                try (Statement copy = duck.createStatement()) {
                    snapshot = ParquetExport.write(copy, "SELECT * FROM snapshot", output);
                }
                source.rollback();
                return snapshot;
            }
        } catch (SQLException e) {
            throw CairnException.invalidParameter("The JDBC source query failed: " + SqlFrames.message(e));
        }
    }

    private static List<Integer> createTable(Connection duck, ResultSetMetaData meta) throws SQLException {
        List<Integer> kinds = new ArrayList<>();
        StringBuilder ddl = new StringBuilder("CREATE TABLE snapshot (");
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            int kind = kind(meta.getColumnType(c));
            kinds.add(kind);
            ddl.append(c > 1 ? ", " : "").append('"').append(meta.getColumnLabel(c).replace("\"", "\"\"")).append("\" ")
                    .append(switch (kind) {
                        case Types.BIGINT -> "BIGINT";
                        case Types.DOUBLE -> "DOUBLE";
                        case Types.BOOLEAN -> "BOOLEAN";
                        case Types.TIMESTAMP -> "TIMESTAMP";
                        case Types.DATE -> "DATE";
                        default -> "VARCHAR";
                    });
        }
        try (Statement statement = duck.createStatement()) {
            statement.execute(ddl.append(')').toString());
        }
        return kinds;
    }

    /** The few column kinds a snapshot keeps: whole numbers, reals, booleans, timestamps, dates, and text for the rest. */
    private static int kind(int sqlType) {
        return switch (sqlType) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> Types.BIGINT;
            case Types.DOUBLE, Types.FLOAT, Types.REAL, Types.DECIMAL, Types.NUMERIC -> Types.DOUBLE;
            case Types.BOOLEAN, Types.BIT -> Types.BOOLEAN;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> Types.TIMESTAMP;
            case Types.DATE -> Types.DATE;
            default -> Types.VARCHAR;
        };
    }

    private static void append(DuckDBAppender appender, ResultSet rows, int column, int kind) throws SQLException {
        switch (kind) {
            case Types.BIGINT -> {
                long value = rows.getLong(column);
                if (rows.wasNull()) {
                    appender.appendNull();
                } else {
                    appender.append(value);
                }
            }
            case Types.DOUBLE -> {
                double value = rows.getDouble(column);
                if (rows.wasNull()) {
                    appender.appendNull();
                } else {
                    appender.append(value);
                }
            }
            case Types.BOOLEAN -> {
                boolean value = rows.getBoolean(column);
                if (rows.wasNull()) {
                    appender.appendNull();
                } else {
                    appender.append(value);
                }
            }
            case Types.TIMESTAMP -> {
                Timestamp value = rows.getTimestamp(column);
                if (value == null) {
                    appender.appendNull();
                } else {
                    appender.append(value.toLocalDateTime());
                }
            }
            case Types.DATE -> {
                java.sql.Date value = rows.getDate(column);
                if (value == null) {
                    appender.appendNull();
                } else {
                    appender.append(value.toLocalDate());
                }
            }
            default -> {
                String value = rows.getString(column);
                if (value == null) {
                    appender.appendNull();
                } else {
                    appender.append(value);
                }
            }
        }
    }
}
