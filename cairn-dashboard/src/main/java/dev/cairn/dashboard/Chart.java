package dev.cairn.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.tracking.Metric;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A chart as the page carries it: a title and its data as JSON in a {@code data-chart}
 * attribute, which {@code cairn.js} draws with ECharts. Building the data here keeps the
 * templates free of script.
 */
public record Chart(String title, String json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Chart {
        requireNonNull(title, "title is null");
        requireNonNull(json, "json is null");
    }

    /**
     * Line charts of metric histories, one line per series; each point carries its step, its time
     * and its value, so the page can switch the x axis between steps and time.
     */
    public static Chart metricLines(String title, Map<String, List<Metric>> series) {
        ObjectNode root = JSON.createObjectNode().put("kind", "line");
        ArrayNode lines = root.putArray("series");
        series.forEach((name, metrics) -> {
            ObjectNode line = lines.addObject().put("name", name);
            ArrayNode points = line.putArray("points");
            for (Metric metric : metrics) {
                points.addArray().add(metric.step()).add(metric.timestamp()).add(metric.value());
            }
        });
        return new Chart(title, write(root));
    }

    /** A bar chart: one bar per label. */
    public static Chart bars(String title, List<String> labels, List<? extends Number> values) {
        ObjectNode root = JSON.createObjectNode().put("kind", "bar");
        ArrayNode labelArray = root.putArray("labels");
        labels.forEach(labelArray::add);
        ArrayNode valueArray = root.putArray("values");
        values.forEach(value -> valueArray.add(value.doubleValue()));
        return new Chart(title, write(root));
    }

    /** A node of a {@link #dag}: placed in a column (its depth in the graph) and a row, coloured by its state. */
    public record DagNode(String name, String state, int column, int row) {
        public DagNode {
            requireNonNull(name, "name is null");
            requireNonNull(state, "state is null");
        }
    }

    /** A directed acyclic graph, laid out in columns, with edges from each node to the nodes that read from it. */
    public static Chart dag(String title, List<DagNode> nodes, List<Map.Entry<String, String>> edges) {
        ObjectNode root = JSON.createObjectNode().put("kind", "dag");
        ArrayNode nodeArray = root.putArray("nodes");
        nodes.forEach(node -> nodeArray.addObject().put("name", node.name()).put("state", node.state()).put("column", node.column())
                .put("row", node.row()));
        ArrayNode edgeArray = root.putArray("edges");
        edges.forEach(edge -> edgeArray.addArray().add(edge.getKey()).add(edge.getValue()));
        return new Chart(title, write(root));
    }

    /** One cell of a {@link #driftGrid}: a column in a window, whether it drifted, and the test's method and statistic. */
    public record GridCell(int window, int column, boolean drift, String method, double statistic) {
        public GridCell {
            requireNonNull(method, "method is null");
        }
    }

    /** A grid of columns by windows (each window at its end, epoch milliseconds), red where a column drifted. */
    public static Chart driftGrid(String title, List<Long> windowEnds, List<String> columns, List<GridCell> cells) {
        ObjectNode root = JSON.createObjectNode().put("kind", "grid");
        ArrayNode windowArray = root.putArray("windows");
        windowEnds.forEach(windowArray::add);
        ArrayNode columnArray = root.putArray("columns");
        columns.forEach(columnArray::add);
        ArrayNode cellArray = root.putArray("cells");
        cells.forEach(cell -> cellArray.addArray().add(cell.window()).add(cell.column()).add(cell.drift() ? 1 : 0).add(cell.method())
                .add(cell.statistic()));
        return new Chart(title, write(root));
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chart data is always serializable", e);
        }
    }
}
