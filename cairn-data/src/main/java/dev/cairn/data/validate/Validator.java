package dev.cairn.data.validate;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.sql.SqlFrames;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a dataset file against {@link ValidationRules} with DuckDB queries, one per check, and
 * collects every outcome (it does not stop at the first failure) with up to five offending
 * values per failed check.
 */
public final class Validator {
    private static final int EXAMPLES = 5;

    private Validator() {
    }

    /** Runs every rule on the file. */
    public static ValidationReport validate(TableFile file, ValidationRules rules) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE VIEW data AS SELECT * FROM " + file.readFunction());
            long rows = count(statement, "SELECT count(*) FROM data");
            Map<String, String> types = new LinkedHashMap<>();
            try (ResultSet described = statement.executeQuery("DESCRIBE data")) {
                while (described.next()) {
                    types.put(described.getString("column_name"), described.getString("column_type"));
                }
            }
            List<RuleResult> results = new ArrayList<>();
            rules.rowCount().ifPresent(bounds -> results.add(rowCount(rows, bounds)));
            for (Map.Entry<String, ColumnRule> entry : rules.columns().entrySet()) {
                String column = entry.getKey();
                String type = types.get(column);
                if (type == null) {
                    results.add(fail("present", column, "the column is missing; the data has " + types.keySet(), List.of()));
                    continue;
                }
                results.add(pass("present", column));
                check(statement, column, type, entry.getValue(), rows, results);
            }
            return new ValidationReport(file.path().getFileName().toString(), rows, results);
        } catch (SQLException e) {
            throw CairnException.invalidParameter("Cannot validate " + file.path().getFileName() + ": " + SqlFrames.message(e));
        }
    }

    private static void check(Statement statement, String column, String type, ColumnRule rule, long rows, List<RuleResult> results)
            throws SQLException {
        String quoted = "\"" + column.replace("\"", "\"\"") + "\"";
        if (rule.type().isPresent()) {
            boolean ok = typeMatches(rule.type().get(), type);
            results.add(ok ? pass("type", column) : fail("type", column, "expected " + rule.type().get() + ", found " + type, List.of()));
        }
        if (rule.min().isPresent()) {
            String where = quoted + " < " + rule.min().get();
            results.add(offending(statement, "min", column, quoted, where, "values below " + rule.min().get()));
        }
        if (rule.max().isPresent()) {
            String where = quoted + " > " + rule.max().get();
            results.add(offending(statement, "max", column, quoted, where, "values above " + rule.max().get()));
        }
        if (!rule.allowed().isEmpty()) {
            String list = rule.allowed().stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(", "));
            String where = quoted + " IS NOT NULL AND CAST(" + quoted + " AS VARCHAR) NOT IN (" + list + ")";
            results.add(offending(statement, "allowed", column, quoted, where, "values outside " + rule.allowed()));
        }
        if (rule.maxNullShare().isPresent()) {
            long nulls = count(statement, "SELECT count(*) FROM data WHERE " + quoted + " IS NULL");
            double share = rows == 0 ? 0 : (double) nulls / rows;
            boolean ok = share <= rule.maxNullShare().get();
            results.add(ok ? pass("max_null_share", column) : fail("max_null_share", column, String.format(Locale.ROOT,
                    "%d of %d values are missing (%.2f%%), more than the %.2f%% allowed", nulls, rows, 100 * share,
                    100 * rule.maxNullShare().get()), List.of()));
        }
        if (rule.unique()) {
            String duplicated = "SELECT " + quoted + " AS v FROM data WHERE " + quoted + " IS NOT NULL GROUP BY " + quoted + " HAVING count(*) > 1";
            long count = count(statement, "SELECT count(*) FROM (" + duplicated + ")");
            results.add(count == 0 ? pass("unique", column) : fail("unique", column, count + " values appear more than once",
                    examples(statement, duplicated + " ORDER BY 1 LIMIT " + EXAMPLES)));
        }
    }

    private static RuleResult offending(Statement statement, String rule, String column, String quoted, String where, String what)
            throws SQLException {
        long count = count(statement, "SELECT count(*) FROM data WHERE " + where);
        if (count == 0) {
            return pass(rule, column);
        }
        List<String> examples = examples(statement, "SELECT DISTINCT " + quoted + " FROM data WHERE " + where + " ORDER BY 1 LIMIT " + EXAMPLES);
        return fail(rule, column, count + " rows have " + what, examples);
    }

    private static RuleResult rowCount(long rows, ValidationRules.RowCount bounds) {
        Optional<Long> min = bounds.min();
        Optional<Long> max = bounds.max();
        if (min.isPresent() && rows < min.get()) {
            return new RuleResult("row_count", Optional.empty(), false, rows + " rows, fewer than the " + min.get() + " required", List.of());
        }
        if (max.isPresent() && rows > max.get()) {
            return new RuleResult("row_count", Optional.empty(), false, rows + " rows, more than the " + max.get() + " allowed", List.of());
        }
        return new RuleResult("row_count", Optional.empty(), true, rows + " rows", List.of());
    }

    private static boolean typeMatches(String expected, String duckType) {
        String type = duckType.toUpperCase(Locale.ROOT);
        boolean integer = type.matches("(U)?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)");
        return switch (expected) {
            case "integer" -> integer;
            case "number" -> integer || type.matches("DOUBLE|FLOAT|REAL|DECIMAL.*");
            case "string" -> type.equals("VARCHAR");
            case "boolean" -> type.equals("BOOLEAN");
            case "timestamp" -> type.startsWith("TIMESTAMP") || type.equals("DATE");
            default -> false;
        };
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static List<String> examples(Statement statement, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(String.valueOf(result.getString(1)));
            }
        }
        return values;
    }

    private static RuleResult pass(String rule, String column) {
        return new RuleResult(rule, Optional.of(column), true, "ok", List.of());
    }

    private static RuleResult fail(String rule, String column, String message, List<String> examples) {
        return new RuleResult(rule, Optional.of(column), false, message, examples);
    }
}
