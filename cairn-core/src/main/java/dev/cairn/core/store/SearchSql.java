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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Which runs a query selects. A search whose first sort key is a metric, param or tag that no
     * filter names runs in two parts: the runs that have a value for the key, in the key's order
     * (the database walks the key's index and stops at the page's end), then, only if the page is
     * not full, the runs without one. The single query that LEFT JOINs the key gives the same order
     * but must join and sort every run of the experiments first.
     */
    enum RunPart {
        /** Every run that matches, in one query. */
        ALL,
        /** The runs that have a (non-NaN) value for the first sort key. */
        WITH_SORT_KEY,
        /** The runs that have none; they sort after the others. */
        WITHOUT_SORT_KEY
    }

    /** The first sort key, if the search is run in two parts (see {@link RunPart}). */
    static Optional<OrderBy> splitSortKey(RunSearch search) {
        if (search.orderBy().isEmpty()) {
            return Optional.empty();
        }
        OrderBy first = search.orderBy().get(0);
        if (first.type() == EntityType.ATTRIBUTE || filterOn(search, first).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(first);
    }

    /** Selects the ids of the runs of one part, in the search's order, from {@code offset}, at most {@code limit}. */
    static SqlQuery runs(Dialect dialect, RunSearch search, List<Long> experimentIds, RunPart part, int offset, int limit) {
        Optional<OrderBy> split = part == RunPart.ALL ? Optional.empty() : splitSortKey(search);
        if (part != RunPart.ALL && split.isEmpty()) {
            throw new IllegalArgumentException("search has no sort key to split on");
        }
        SqlQuery query = new SqlQuery();
        List<String> orderColumns = new ArrayList<>();
        if (part == RunPart.WITH_SORT_KEY) {
            // The key's table comes first so that SQLite walks its index in order (see Dialect.orderedJoin).
            KeyedTable keyed = KeyedTable.of(split.get().type());
            query.append("SELECT r.run_uuid FROM " + keyed.table() + " s " + dialect.orderedJoin() + " runs r ON r.run_uuid = s.run_uuid"
                    + " AND s." + keyed.keyColumn() + " = ? AND s." + keyed.valueColumn() + " IS NOT NULL", split.get().key());
            orderColumns.add("s." + keyed.valueColumn() + (split.get().ascending() ? " ASC" : " DESC"));
        }
        Map<Comparison, String> filterAliases = new HashMap<>();
        int alias = 0;
        Optional<Comparison> leadingFilter = part == RunPart.ALL && !search.orderBy().isEmpty()
                && search.orderBy().get(0).type() != EntityType.ATTRIBUTE ? filterOn(search, search.orderBy().get(0)) : Optional.empty();
        if (leadingFilter.isPresent()) {
            // The first sort key is also filtered on: walk that filter's index in order, and stop at the page's end.
            Comparison comparison = leadingFilter.get();
            String table = "f" + alias++;
            filterAliases.put(comparison, table);
            KeyedTable keyed = KeyedTable.of(comparison.type());
            query.append("SELECT r.run_uuid FROM " + keyed.table() + " " + table + " " + dialect.orderedJoin() + " runs r ON r.run_uuid = "
                    + table + ".run_uuid AND " + table + "." + keyed.keyColumn() + " = ? AND ", comparison.key());
            appendCondition(dialect, query, table + "." + keyed.valueColumn(), comparison);
        } else if (part != RunPart.WITH_SORT_KEY) {
            query.append("SELECT r.run_uuid FROM runs r");
        }
        for (Comparison comparison : search.filter().comparisons()) {
            if (comparison.type() == EntityType.ATTRIBUTE || isNullCheck(comparison) || filterAliases.containsKey(comparison)) {
                continue;
            }
            String table = "f" + alias++;
            filterAliases.put(comparison, table);
            KeyedTable keyed = KeyedTable.of(comparison.type());
            query.append(" JOIN " + keyed.table() + " " + table + " ON " + table + ".run_uuid = r.run_uuid AND "
                    + table + "." + keyed.keyColumn() + " = ? AND ", comparison.key());
            appendCondition(dialect, query, table + "." + keyed.valueColumn(), comparison);
        }
        List<OrderBy> orderBy = part == RunPart.ALL ? search.orderBy() : search.orderBy().subList(1, search.orderBy().size());
        for (OrderBy order : orderBy) {
            if (order.type() == EntityType.ATTRIBUTE) {
                // Only end_time can be NULL; the plain direction on the others lets PostgreSQL read an index backwards.
                orderColumns.add(RUN_ATTRIBUTE_COLUMNS.get(order.key())
                        + (order.key().equals("end_time") ? direction(order) : order.ascending() ? " ASC" : " DESC"));
                continue;
            }
            KeyedTable keyed = KeyedTable.of(order.type());
            Optional<Comparison> filter = filterOn(search, order);
            if (filter.isPresent()) {
                // A filter already joined the same key's row: sort on it rather than join it again. Its value cannot
                // be NULL (no comparison matches NULL), so the plain direction lets PostgreSQL read a DESC order
                // backwards from the ascending index, which DESC NULLS LAST would not.
                orderColumns.add(filterAliases.get(filter.get()) + "." + keyed.valueColumn() + (order.ascending() ? " ASC" : " DESC"));
                continue;
            }
            String table = "o" + alias++;
            query.append(" LEFT JOIN " + keyed.table() + " " + table + " ON " + table + ".run_uuid = r.run_uuid AND "
                    + table + "." + keyed.keyColumn() + " = ?", order.key());
            orderColumns.add(table + "." + keyed.valueColumn() + direction(order));
        }
        query.append(" WHERE r.experiment_id IN ").appendList(experimentIds);
        query.append(" AND r.lifecycle_stage IN ").appendList(search.viewType().stages().stream().map(LifecycleStage::wireName).toList());
        if (part == RunPart.WITHOUT_SORT_KEY) {
            KeyedTable keyed = KeyedTable.of(split.get().type());
            query.append(" AND NOT EXISTS (SELECT 1 FROM " + keyed.table() + " s WHERE s.run_uuid = r.run_uuid AND s." + keyed.keyColumn()
                    + " = ? AND s." + keyed.valueColumn() + " IS NOT NULL)", split.get().key());
        }
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
        query.append(" LIMIT ? OFFSET ?", limit, offset);
        return query;
    }

    /** Counts the runs of a part (all of them, from the first). */
    static SqlQuery countRuns(Dialect dialect, RunSearch search, List<Long> experimentIds, RunPart part) {
        SqlQuery page = runs(dialect, search, experimentIds, part, 0, Integer.MAX_VALUE);
        return new SqlQuery().append("SELECT COUNT(*) FROM (").appendQuery(page).append(") c");
    }

    /**
     * The filter that joins the same key's row as a sort key, if any: a comparison (not a null
     * check) on the same type and key. Its inner join guarantees the row, so sorting on it equals
     * sorting on a LEFT JOIN of the key.
     */
    private static Optional<Comparison> filterOn(RunSearch search, OrderBy order) {
        return search.filter().comparisons().stream()
                .filter(comparison -> comparison.type() == order.type() && comparison.key().equals(order.key()) && !isNullCheck(comparison))
                .findFirst();
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
