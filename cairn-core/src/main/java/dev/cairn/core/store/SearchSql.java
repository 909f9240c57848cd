package dev.cairn.core.store;

import dev.cairn.core.tracking.ExperimentSearch;
import dev.cairn.core.tracking.LifecycleStage;
import dev.cairn.core.tracking.RunSearch;
import dev.cairn.core.tracking.search.Comparison;
import dev.cairn.core.tracking.search.EntityType;
import dev.cairn.core.tracking.search.FilterValue;
import dev.cairn.core.tracking.search.Operator;
import dev.cairn.core.tracking.search.OrderBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates parsed searches into SQL. Metric, param and tag conditions become inner joins on
 * the (run, key) primary keys, so each yields at most one row per run and the planner can start
 * from the {@code latest_metrics (metric_key, metric_value)} index.
 */
final class SearchSql {
    private static final Map<String, String> RUN_ATTRIBUTE_COLUMNS = Map.of(
            "run_id", "r.run_uuid",
            "run_name", "r.run_name",
            "status", "r.status",
            "user_id", "r.user_id",
            "artifact_uri", "r.artifact_uri",
            "lifecycle_stage", "r.lifecycle_stage",
            "start_time", "r.start_time",
            "end_time", "r.end_time");
    private static final Map<String, String> EXPERIMENT_ATTRIBUTE_COLUMNS = Map.of(
            "name", "e.name",
            "experiment_id", "e.experiment_id",
            "creation_time", "e.creation_time",
            "last_update_time", "e.last_update_time");

    private SearchSql() {
    }

    /** Selects the ids of one page of runs (and one more, to tell whether a next page exists). */
    static SqlQuery runs(Dialect dialect, RunSearch search, List<Long> experimentIds, int offset) {
        SqlQuery query = new SqlQuery().append("SELECT r.run_uuid FROM runs r");
        int alias = 0;
        for (Comparison comparison : search.filter().comparisons()) {
            if (comparison.type() == EntityType.ATTRIBUTE || isNullCheck(comparison)) {
                continue;
            }
            String table = "f" + alias++;
            KeyedTable keyed = KeyedTable.of(comparison.type());
            query.append(" JOIN " + keyed.table() + " " + table + " ON " + table + ".run_uuid = r.run_uuid AND "
                    + table + "." + keyed.keyColumn() + " = ? AND ", comparison.key());
            appendCondition(dialect, query, table + "." + keyed.valueColumn(), comparison);
        }
        List<String> orderColumns = new ArrayList<>();
        for (OrderBy orderBy : search.orderBy()) {
            if (orderBy.type() == EntityType.ATTRIBUTE) {
                orderColumns.add(RUN_ATTRIBUTE_COLUMNS.get(orderBy.key()) + direction(orderBy));
                continue;
            }
            String table = "o" + alias++;
            KeyedTable keyed = KeyedTable.of(orderBy.type());
            query.append(" LEFT JOIN " + keyed.table() + " " + table + " ON " + table + ".run_uuid = r.run_uuid AND "
                    + table + "." + keyed.keyColumn() + " = ?", orderBy.key());
            orderColumns.add(table + "." + keyed.valueColumn() + direction(orderBy));
        }
        query.append(" WHERE r.experiment_id IN ").appendList(experimentIds);
        query.append(" AND r.lifecycle_stage IN ").appendList(search.viewType().stages().stream().map(LifecycleStage::wireName).toList());
        for (Comparison comparison : search.filter().comparisons()) {
            if (comparison.type() == EntityType.ATTRIBUTE) {
                query.append(" AND ");
                appendCondition(dialect, query, RUN_ATTRIBUTE_COLUMNS.get(comparison.key()), comparison);
            } else if (isNullCheck(comparison)) {
                KeyedTable keyed = KeyedTable.of(comparison.type());
                query.append(comparison.operator() == Operator.IS_NULL ? " AND NOT EXISTS" : " AND EXISTS")
                        .append(" (SELECT 1 FROM " + keyed.table() + " n WHERE n.run_uuid = r.run_uuid AND n." + keyed.keyColumn()
                                + " = ?)", comparison.key());
            }
        }
        // MLflow's tie-breakers: newest first, then by id, so that pages are stable.
        orderColumns.add("r.start_time DESC");
        orderColumns.add("r.run_uuid ASC");
        query.append(" ORDER BY " + String.join(", ", orderColumns));
        query.append(" LIMIT ? OFFSET ?", search.maxResults() + 1, offset);
        return query;
    }

    /** Selects one page of experiments (and one more, to tell whether a next page exists). */
    static SqlQuery experiments(Dialect dialect, ExperimentSearch search, String columns, int offset) {
        SqlQuery query = new SqlQuery().append("SELECT " + columns + " FROM experiments e WHERE e.lifecycle_stage IN ")
                .appendList(search.viewType().stages().stream().map(LifecycleStage::wireName).toList());
        int alias = 0;
        for (Comparison comparison : search.filter().comparisons()) {
            if (comparison.type() == EntityType.ATTRIBUTE) {
                query.append(" AND ");
                String column = EXPERIMENT_ATTRIBUTE_COLUMNS.get(comparison.key());
                if (comparison.key().equals("experiment_id")) {
                    column = "CAST(e.experiment_id AS VARCHAR(20))";
                }
                appendCondition(dialect, query, column, comparison);
            } else if (isNullCheck(comparison)) {
                query.append(comparison.operator() == Operator.IS_NULL ? " AND NOT EXISTS" : " AND EXISTS")
                        .append(" (SELECT 1 FROM experiment_tags n WHERE n.experiment_id = e.experiment_id AND n.tag_key = ?)",
                                comparison.key());
            } else {
                String table = "t" + alias++;
                query.append(" AND EXISTS (SELECT 1 FROM experiment_tags " + table + " WHERE " + table
                        + ".experiment_id = e.experiment_id AND " + table + ".tag_key = ? AND ", comparison.key());
                appendCondition(dialect, query, table + ".tag_value", comparison);
                query.append(")");
            }
        }
        List<String> orderColumns = new ArrayList<>();
        for (OrderBy orderBy : search.orderBy()) {
            orderColumns.add(EXPERIMENT_ATTRIBUTE_COLUMNS.get(orderBy.key()) + direction(orderBy));
        }
        if (search.orderBy().isEmpty()) {
            orderColumns.add("e.creation_time DESC");
        }
        orderColumns.add("e.experiment_id ASC");
        query.append(" ORDER BY " + String.join(", ", orderColumns));
        query.append(" LIMIT ? OFFSET ?", search.maxResults() + 1, offset);
        return query;
    }

    /** Appends {@code column <operator> value} for a comparison, with the value bound. */
    static void appendCondition(Dialect dialect, SqlQuery query, String column, Comparison comparison) {
        FilterValue value = comparison.value();
        switch (comparison.operator()) {
            case EQ -> query.append(column + " = ?", bindValue(value));
            case NOT_EQ -> query.append(column + " <> ?", bindValue(value));
            case GT -> query.append(column + " > ?", bindValue(value));
            case GTE -> query.append(column + " >= ?", bindValue(value));
            case LT -> query.append(column + " < ?", bindValue(value));
            case LTE -> query.append(column + " <= ?", bindValue(value));
            case LIKE -> dialect.appendLike(query, column, (String) bindValue(value));
            case ILIKE -> dialect.appendIlike(query, column, (String) bindValue(value));
            case IN -> query.append(column + " IN ").appendList(((FilterValue.StringListValue) value).values());
            case NOT_IN -> query.append(column + " NOT IN ").appendList(((FilterValue.StringListValue) value).values());
            case IS_NULL -> query.append(column + " IS NULL");
            case IS_NOT_NULL -> query.append(column + " IS NOT NULL");
        }
    }

    private static Object bindValue(FilterValue value) {
        if (value instanceof FilterValue.NumberValue number) {
            return number.value();
        }
        if (value instanceof FilterValue.StringValue string) {
            return string.value();
        }
        throw new IllegalArgumentException("A comparison needs a single value, not " + value);
    }

    private static boolean isNullCheck(Comparison comparison) {
        return comparison.operator() == Operator.IS_NULL
                || comparison.operator() == Operator.IS_NOT_NULL;
    }

    private static String direction(OrderBy orderBy) {
        return orderBy.ascending() ? " ASC NULLS LAST" : " DESC NULLS LAST";
    }

    /** The table that holds one kind of keyed run data, with its key and value columns. */
    private record KeyedTable(String table, String keyColumn, String valueColumn) {
        static KeyedTable of(EntityType type) {
            return switch (type) {
                case METRIC -> new KeyedTable("latest_metrics", "metric_key", "metric_value");
                case PARAM -> new KeyedTable("params", "param_key", "param_value");
                case TAG -> new KeyedTable("run_tags", "tag_key", "tag_value");
                case ATTRIBUTE -> throw new IllegalArgumentException("attributes are columns of runs");
            };
        }
    }
}
