package dev.cairn.dashboard.experiments;

import dev.cairn.dashboard.Display;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a runs table shows, as its URL says it: an MLflow filter, a sort, the param and metric
 * columns, and the page. Every link on the table is this query with one thing changed.
 *
 * @param order an MLflow order-by clause, such as {@code metrics.roc_auc DESC}
 * @param columns chosen columns as {@code params.KEY} or {@code metrics.KEY}; empty picks them from the runs
 */
public record RunsQuery(String experimentId, String filter, String order, List<String> columns, Optional<String> pageToken) {
    /** The sort when none is asked for: newest first, as MLflow's UI sorts. */
    public static final String DEFAULT_ORDER = "attributes.start_time DESC";
    private static final int MAX_COLUMNS = 20;

    public RunsQuery {
        requireNonNull(experimentId, "experimentId is null");
        requireNonNull(filter, "filter is null");
        requireNonNull(order, "order is null");
        columns = List.copyOf(columns);
        requireNonNull(pageToken, "pageToken is null");
    }

    /** The query of a request to {@code /experiments/{id}}. */
    static RunsQuery of(Context ctx) {
        String columns = Optional.ofNullable(ctx.queryParam("columns")).orElse("");
        return new RunsQuery(ctx.pathParam("id"),
                Optional.ofNullable(ctx.queryParam("filter")).orElse("").strip(),
                Optional.ofNullable(ctx.queryParam("order")).filter(order -> !order.isBlank()).orElse(DEFAULT_ORDER),
                Arrays.stream(columns.split(",")).map(String::strip)
                        .filter(column -> column.startsWith("params.") || column.startsWith("metrics."))
                        .distinct().limit(MAX_COLUMNS).toList(),
                Optional.ofNullable(ctx.queryParam("page_token")).filter(token -> !token.isBlank()));
    }

    /** The same query on its first page. */
    public RunsQuery firstPage() {
        return new RunsQuery(experimentId, filter, order, columns, Optional.empty());
    }

    /** The same query on the page a token names. */
    public RunsQuery page(String token) {
        return new RunsQuery(experimentId, filter, order, columns, Optional.of(token));
    }

    /** Sorted by a column, descending first, then ascending when clicked again; back to the first page. */
    public RunsQuery sortedBy(String column) {
        String key = orderKey(column);
        String descending = key + " DESC";
        return new RunsQuery(experimentId, filter, order.equals(descending) ? key + " ASC" : descending, columns, Optional.empty());
    }

    /** The arrow a column's header shows: its sort direction, if the table is sorted by it. */
    public String arrow(String column) {
        String key = orderKey(column);
        if (order.equals(key + " DESC")) {
            return " ▼";
        }
        return order.equals(key + " ASC") ? " ▲" : "";
    }

    /** A column as an order-by key: a key with spaces or symbols goes in backticks, as MLflow's grammar wants. */
    private static String orderKey(String column) {
        int dot = column.indexOf('.');
        String key = column.substring(dot + 1);
        return key.matches("[\\w./-]+") ? column : column.substring(0, dot + 1) + "`" + key + "`";
    }

    /** With a column shown if it was hidden, hidden if it was shown. */
    public RunsQuery toggled(String column, List<String> shown) {
        List<String> next = new ArrayList<>(shown);
        if (!next.remove(column)) {
            next.add(column);
        }
        return new RunsQuery(experimentId, filter, order, next, pageToken);
    }

    /** This query's URL. */
    public String url() {
        StringBuilder url = new StringBuilder("/experiments/").append(Display.segment(experimentId)).append('?');
        if (!filter.isEmpty()) {
            url.append("filter=").append(Display.query(filter)).append('&');
        }
        if (!order.equals(DEFAULT_ORDER)) {
            url.append("order=").append(Display.query(order)).append('&');
        }
        if (!columns.isEmpty()) {
            url.append("columns=").append(Display.query(String.join(",", columns))).append('&');
        }
        pageToken.ifPresent(token -> url.append("page_token=").append(Display.query(token)).append('&'));
        return url.substring(0, url.length() - 1);
    }
}
