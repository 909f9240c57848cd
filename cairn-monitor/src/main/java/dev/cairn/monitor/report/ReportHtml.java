package dev.cairn.monitor.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.monitor.drift.ColumnHistogram;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Monitoring reports as one self-contained HTML page a person opens in a browser: inline CSS and
 * inline SVG charts, no script and nothing fetched from the network. The page is built from the
 * reports as {@link ReportJson} writes them (the form the store keeps and the API answers). Every
 * value that comes from data or users (column names, deployment and dataset names, examples) is
 * escaped.
 */
public final class ReportHtml {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String REFERENCE = "#64748b";
    private static final String CURRENT = "#ea580c";
    private static final String[] COLOURS = {"#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 220;
    private static final int LEFT = 56;
    private static final int RIGHT = 160;
    private static final int TOP = 16;
    private static final int BOTTOM = 36;
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1000px;color:#111827;padding:0 1rem}
            h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e5e7eb;padding-bottom:.25rem}
            table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #e5e7eb;padding:.25rem .5rem;text-align:left}
            th{background:#f9fafb}td.num{text-align:right;font-variant-numeric:tabular-nums}.yes{color:#b91c1c;font-weight:600}
            .no{color:#15803d}.note{color:#6b7280;font-size:.85rem}svg{display:block;margin:.5rem 0}svg text{font-size:11px;fill:#374151}
            .scroll{overflow-x:auto}.histograms{display:flex;flex-wrap:wrap;gap:1rem}.histograms figure{margin:0}
            figcaption{font-size:.85rem;font-weight:600}
            """;

    /**
     * One monitored window.
     *
     * @param fromMillis its start, epoch milliseconds
     * @param toMillis its end, epoch milliseconds
     * @param report its report as {@link ReportJson#window} writes it
     */
    public record Window(long fromMillis, long toMillis, JsonNode report) {
        public Window {
            requireNonNull(report, "report is null");
        }
    }

    /** One KPI value: its name, time (epoch milliseconds) and value. */
    public record Kpi(String name, long timeMillis, double value) {
        public Kpi {
            requireNonNull(name, "name is null");
        }
    }

    private record Point(double x, double y, String label) {
    }

    private record Series(String name, List<Point> points) {
    }

    private ReportHtml() {
    }

    /**
     * A deployment's monitored windows, in any order: drift per input over time, integrity per
     * window, performance estimated without labels (CBPE) beside the real one, and the KPIs posted
     * over the same time.
     */
    public static String windows(String deployment, List<Window> windows, List<Kpi> kpis) {
        List<Window> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingLong(Window::toMillis).thenComparingLong(Window::fromMillis));
        StringBuilder html = start("Monitoring report: " + deployment);
        html.append("<h1>Monitoring report: ").append(escape(deployment)).append("</h1>\n");
        if (sorted.isEmpty()) {
            html.append("<p class=\"note\">No monitored windows yet: run <code>cairn monitor run ").append(escape(deployment))
                    .append("</code> or set a schedule with <code>cairn monitor schedule</code>.</p>\n");
            return end(html);
        }
        long first = sorted.get(0).fromMillis();
        long last = sorted.get(sorted.size() - 1).toMillis();
        Set<String> references = new LinkedHashSet<>();
        sorted.forEach(window -> references.add(window.report().path("reference").asText("")));
        references.remove("");
        html.append("<p>").append(sorted.size()).append(" windows from ").append(time(first)).append(" to ").append(time(last))
                .append(" UTC").append(references.isEmpty() ? "" : ", compared with " + escape(String.join(", ", references))).append(".</p>\n");

        html.append("<h2>Windows</h2>\n<div class=\"scroll\"><table><tr><th>From</th><th>To</th><th>Rows</th><th>Drifted inputs</th>"
                + "<th>Dataset drift</th><th>Prediction drift</th><th>Integrity violations</th></tr>\n");
        for (Window window : sorted) {
            JsonNode features = window.report().path("feature_drift");
            long drifted = count(features.path("columns"));
            html.append("<tr><td>").append(time(window.fromMillis())).append("</td><td>").append(time(window.toMillis()))
                    .append("</td><td class=\"num\">").append(window.report().path("rows").asLong()).append("</td><td class=\"num\">")
                    .append(drifted).append(" of ").append(features.path("columns").size()).append("</td>")
                    .append(yesNo(features.path("dataset_drift").asBoolean()))
                    .append(window.report().has("prediction_drift") ? yesNo(window.report().path("prediction_drift").path("dataset_drift").asBoolean())
                            : "<td>-</td>")
                    .append("<td class=\"num\">").append(window.report().path("integrity").path("violations").asLong()).append("</td></tr>\n");
        }
        html.append("</table></div>\n");

        driftSection(html, sorted, first, last);
        integritySection(html, sorted, first, last);
        performanceSection(html, sorted, first, last);
        kpiSection(html, kpis, first, last);
        return end(html);
    }

    /**
     * Two tables compared: each column's test, statistic, threshold and verdict, as {@link ReportJson#comparison} writes them,
     * the histograms of both sides, and the integrity checks.
     */
    public static String comparison(String reference, String current, JsonNode comparison, List<ColumnHistogram> histograms) {
        StringBuilder html = start("Drift: " + current + " against " + reference);
        html.append("<h1>Drift of ").append(escape(current)).append(" against ").append(escape(reference)).append("</h1>\n");
        JsonNode columns = comparison.path("columns");
        long drifted = count(columns);
        html.append("<p>").append(drifted).append(" of ").append(columns.size()).append(" columns drifted (share ")
                .append(number(comparison.path("drift_share").asDouble())).append("): ")
                .append(comparison.path("dataset_drift").asBoolean() ? "<span class=\"yes\">the dataset drifted</span>"
                        : "<span class=\"no\">no dataset drift</span>").append(".</p>\n");
        html.append("<h2>Drift per column</h2>\n");
        driftTable(html, columns);
        html.append("<p class=\"note\">A p-value (ks, chisquare, z) drifts below its threshold, a distance (wasserstein, jensenshannon, "
                + "psi) at or above it.</p>\n");
        if (!histograms.isEmpty()) {
            html.append("<h2>Distributions</h2>\n<p class=\"note\">Each bin's share of the rows of <span style=\"color:").append(REFERENCE)
                    .append("\">the reference</span> and of <span style=\"color:").append(CURRENT).append("\">the current table</span>.</p>\n")
                    .append("<div class=\"histograms\">\n");
            histograms.forEach(histogram -> html.append(histogram(histogram)));
            html.append("</div>\n");
        }
        html.append("<h2>Integrity</h2>\n");
        integrityTable(html, comparison.path("integrity"));
        return end(html);
    }

    /** Escapes text for HTML and SVG content and attribute values. */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static void driftSection(StringBuilder html, List<Window> windows, long first, long last) {
        html.append("<h2>Drift per column over time</h2>\n");
        // Every input any window compared, in the order they first appear.
        Map<String, Map<Integer, JsonNode>> cells = new LinkedHashMap<>();
        for (int w = 0; w < windows.size(); w++) {
            for (JsonNode column : windows.get(w).report().path("feature_drift").path("columns")) {
                String name = column.path("column").asText();
                cells.computeIfAbsent(name, key -> new LinkedHashMap<>()).put(w, column);
            }
        }
        if (cells.isEmpty()) {
            html.append("<p class=\"note\">No inputs were compared.</p>\n");
            return;
        }
        html.append(heatmap(windows, cells));
        List<Point> share = new ArrayList<>();
        for (Window window : windows) {
            JsonNode columns = window.report().path("feature_drift").path("columns");
            share.add(new Point(window.toMillis(), columns.isEmpty() ? 0 : (double) count(columns) / columns.size(), time(window.toMillis())));
        }
        html.append("<p class=\"note\">Share of drifted inputs per window, at the window's end.</p>\n");
        html.append(lineChart(List.of(new Series("inputs drifted (share)", share)), first, last));
    }

    /** A grid of inputs by windows: red where the input drifted, green where it did not, the statistic in each cell's tooltip. */
    private static String heatmap(List<Window> windows, Map<String, Map<Integer, JsonNode>> cells) {
        int label = 180;
        int cell = Math.max(14, Math.min(48, (WIDTH - label) / Math.max(1, windows.size())));
        int rowHeight = 18;
        int width = label + cell * windows.size() + 8;
        int height = rowHeight * cells.size() + 56;
        StringBuilder svg = new StringBuilder();
        svg.append("<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" role=\"img\" aria-label=\"Drift per column and window\">\n");
        int row = 0;
        for (Map.Entry<String, Map<Integer, JsonNode>> column : cells.entrySet()) {
            int y = row * rowHeight;
            svg.append("<text x=\"").append(label - 6).append("\" y=\"").append(y + 13).append("\" text-anchor=\"end\">")
                    .append(escape(shorten(column.getKey(), 28))).append("<title>").append(escape(column.getKey())).append("</title></text>\n");
            for (int w = 0; w < windows.size(); w++) {
                JsonNode found = column.getValue().get(w);
                String fill = found == null ? "#f3f4f6" : found.path("drift").asBoolean() ? "#ef4444" : "#86efac";
                svg.append("<rect x=\"").append(label + w * cell).append("\" y=\"").append(y + 1).append("\" width=\"").append(cell - 2)
                        .append("\" height=\"").append(rowHeight - 2).append("\" fill=\"").append(fill).append("\"><title>")
                        .append(escape(column.getKey())).append(", window ending ").append(time(windows.get(w).toMillis()));
                if (found == null) {
                    svg.append(": not compared");
                } else {
                    svg.append(": ").append(escape(found.path("method").asText())).append(' ').append(number(found.path("statistic").asDouble()))
                            .append(" (threshold ").append(number(found.path("threshold").asDouble())).append(")")
                            .append(found.path("drift").asBoolean() ? ", drift" : ", no drift");
                }
                svg.append("</title></rect>\n");
            }
            row++;
        }
        int axis = cells.size() * rowHeight + 14;
        svg.append("<text x=\"").append(label).append("\" y=\"").append(axis).append("\">").append(time(windows.get(0).toMillis()))
                .append("</text>\n");
        if (windows.size() > 1) {
            svg.append("<text x=\"").append(label + cell * windows.size()).append("\" y=\"").append(axis + 16).append("\" text-anchor=\"end\">")
                    .append(time(windows.get(windows.size() - 1).toMillis())).append("</text>\n");
        }
        svg.append("<rect x=\"").append(label).append("\" y=\"").append(axis + 24).append("\" width=\"10\" height=\"10\" fill=\"#ef4444\"/>")
                .append("<text x=\"").append(label + 14).append("\" y=\"").append(axis + 33).append("\">drifted</text>")
                .append("<rect x=\"").append(label + 80).append("\" y=\"").append(axis + 24).append("\" width=\"10\" height=\"10\" fill=\"#86efac\"/>")
                .append("<text x=\"").append(label + 94).append("\" y=\"").append(axis + 33).append("\">no drift</text>\n");
        return svg.append("</svg></div>\n").toString();
    }

    private static void integritySection(StringBuilder html, List<Window> windows, long first, long last) {
        html.append("<h2>Integrity per window</h2>\n");
        List<Point> violations = new ArrayList<>();
        for (Window window : windows) {
            violations.add(new Point(window.toMillis(), window.report().path("integrity").path("violations").asDouble(), time(window.toMillis())));
        }
        html.append(lineChart(List.of(new Series("integrity violations", violations)), first, last));
        StringBuilder rows = new StringBuilder();
        for (Window window : windows) {
            IntegrityViolations.describe(window.report().path("integrity")).forEach((column, checks) ->
                    rows.append("<tr><td>").append(time(window.toMillis())).append("</td><td>").append(escape(column))
                            .append("</td><td>").append(escape(checks)).append("</td></tr>\n"));
        }
        if (rows.length() == 0) {
            html.append("<p class=\"note\">No integrity violations in any window.</p>\n");
        } else {
            html.append("<div class=\"scroll\"><table><tr><th>Window ending</th><th>Column</th><th>Violations</th></tr>\n").append(rows)
                    .append("</table></div>\n");
        }
    }

    private static void performanceSection(StringBuilder html, List<Window> windows, long first, long last) {
        html.append("<h2>Performance: estimated (CBPE) beside real</h2>\n");
        Map<String, List<Point>> series = new LinkedHashMap<>();
        StringBuilder rows = new StringBuilder();
        for (Window window : windows) {
            JsonNode performance = window.report().path("performance");
            if (performance.isMissingNode()) {
                continue;
            }
            add(series, "estimated accuracy", window, performance.path("estimated").path("accuracy"));
            add(series, "real accuracy", window, performance.path("real").path("accuracy"));
            add(series, "estimated F1", window, performance.path("estimated").path("f1"));
            add(series, "real F1", window, performance.path("real").path("f1"));
            rows.append("<tr><td>").append(time(window.toMillis())).append("</td><td class=\"num\">").append(performance.path("predictions").asLong())
                    .append("</td><td class=\"num\">").append(performance.path("labelled").asLong()).append("</td>");
            for (String metric : List.of("accuracy", "precision", "recall", "f1", "roc_auc")) {
                rows.append("<td class=\"num\">").append(metric(performance.path("estimated").path(metric))).append("</td><td class=\"num\">")
                        .append(metric(performance.path("real").path(metric))).append("</td>");
            }
            rows.append("</tr>\n");
        }
        if (rows.length() == 0) {
            html.append("<p class=\"note\">No window has performance figures: they need a binary classifier's probabilities.</p>\n");
            return;
        }
        List<Series> lines = new ArrayList<>();
        series.forEach((name, points) -> lines.add(new Series(name, points)));
        html.append(lineChart(lines, first, last));
        html.append("<div class=\"scroll\"><table><tr><th rowspan=\"2\">Window ending</th><th rowspan=\"2\">Predictions</th>"
                + "<th rowspan=\"2\">Labelled</th><th colspan=\"2\">Accuracy</th><th colspan=\"2\">Precision</th><th colspan=\"2\">Recall</th>"
                + "<th colspan=\"2\">F1</th><th colspan=\"2\">ROC AUC</th></tr><tr>")
                .append("<th>CBPE</th><th>real</th>".repeat(5)).append("</tr>\n").append(rows).append("</table></div>\n");
    }

    private static void kpiSection(StringBuilder html, List<Kpi> kpis, long first, long last) {
        html.append("<h2>KPIs</h2>\n");
        Map<String, List<Point>> series = new LinkedHashMap<>();
        kpis.stream().sorted(Comparator.comparingLong(Kpi::timeMillis)).forEach(kpi -> series.computeIfAbsent(kpi.name(), name -> new ArrayList<>())
                .add(new Point(kpi.timeMillis(), kpi.value(), time(kpi.timeMillis()))));
        if (series.isEmpty()) {
            html.append("<p class=\"note\">No KPIs were posted about this deployment over these windows.</p>\n");
            return;
        }
        long from = Math.min(first, kpis.stream().mapToLong(Kpi::timeMillis).min().orElse(first));
        long to = Math.max(last, kpis.stream().mapToLong(Kpi::timeMillis).max().orElse(last));
        // One chart each: KPIs have their own scales.
        series.forEach((name, points) -> {
            html.append("<p>").append(escape(name)).append("</p>\n");
            html.append(lineChart(List.of(new Series(name, points)), from, to));
        });
    }

    private static void driftTable(StringBuilder html, JsonNode columns) {
        html.append("<div class=\"scroll\"><table><tr><th>Column</th><th>Method</th><th>Statistic</th><th>Threshold</th><th>Drift</th></tr>\n");
        for (JsonNode column : columns) {
            html.append("<tr><td>").append(escape(column.path("column").asText())).append("</td><td>").append(escape(column.path("method").asText()))
                    .append("</td><td class=\"num\">").append(number(column.path("statistic").asDouble())).append("</td><td class=\"num\">")
                    .append(number(column.path("threshold").asDouble())).append("</td>").append(yesNo(column.path("drift").asBoolean()))
                    .append("</tr>\n");
        }
        html.append("</table></div>\n");
    }

    private static void integrityTable(StringBuilder html, JsonNode integrity) {
        html.append("<div class=\"scroll\"><table><tr><th>Column</th><th>Presence</th><th>Reference type</th><th>Current type</th>"
                + "<th>Nulls</th><th>Out of range</th><th>Unseen</th><th>Violations</th></tr>\n");
        for (JsonNode column : integrity.path("columns")) {
            html.append("<tr><td>").append(escape(column.path("column").asText())).append("</td><td>").append(escape(column.path("presence").asText()))
                    .append("</td><td>").append(escape(column.path("reference_type").asText("-"))).append("</td><td>")
                    .append(escape(column.path("current_type").asText("-"))).append("</td>");
            for (String check : List.of("nulls", "out_of_range", "unseen")) {
                JsonNode node = column.path(check);
                html.append(node.isObject() ? "<td class=\"num" + (node.path("violated").asBoolean() ? " yes" : "") + "\">"
                        + node.path("count").asLong() + "</td>" : "<td>-</td>");
            }
            html.append("<td class=\"num\">").append(column.path("violations").asLong()).append("</td></tr>\n");
        }
        html.append("</table></div>\n<p>").append(integrity.path("violations").asLong()).append(" integrity violations.</p>\n");
    }

    /** A column's bins as pairs of bars, reference beside current, each the share of its side's rows. */
    private static String histogram(ColumnHistogram histogram) {
        int width = 320;
        int height = 120;
        int bottom = 18;
        long referenceRows = Math.max(1, histogram.reference().stream().mapToLong(Long::longValue).sum());
        long currentRows = Math.max(1, histogram.current().stream().mapToLong(Long::longValue).sum());
        double highest = 1e-12;
        for (int i = 0; i < histogram.labels().size(); i++) {
            highest = Math.max(highest, Math.max((double) histogram.reference().get(i) / referenceRows, (double) histogram.current().get(i) / currentRows));
        }
        int bins = Math.max(1, histogram.labels().size());
        double slot = (double) width / bins;
        StringBuilder svg = new StringBuilder("<figure><figcaption>").append(escape(histogram.column())).append("</figcaption>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height + bottom)
                .append("\" role=\"img\">\n");
        for (int i = 0; i < histogram.labels().size(); i++) {
            double[] shares = {(double) histogram.reference().get(i) / referenceRows, (double) histogram.current().get(i) / currentRows};
            for (int side = 0; side < 2; side++) {
                double barHeight = shares[side] / highest * (height - 4);
                svg.append("<rect x=\"").append(format(i * slot + side * slot * 0.45 + slot * 0.05)).append("\" y=\"")
                        .append(format(height - barHeight)).append("\" width=\"").append(format(slot * 0.45)).append("\" height=\"")
                        .append(format(barHeight)).append("\" fill=\"").append(side == 0 ? REFERENCE : CURRENT).append("\"><title>")
                        .append(escape(histogram.labels().get(i))).append(side == 0 ? ", reference: " : ", current: ")
                        .append(String.format(Locale.ROOT, "%.1f%%", 100 * shares[side])).append("</title></rect>\n");
            }
        }
        if (!histogram.labels().isEmpty()) {
            svg.append("<text x=\"0\" y=\"").append(height + 13).append("\">").append(escape(shorten(histogram.labels().get(0), 20)))
                    .append("</text>\n");
            if (histogram.labels().size() > 1) {
                svg.append("<text x=\"").append(width).append("\" y=\"").append(height + 13).append("\" text-anchor=\"end\">")
                        .append(escape(shorten(histogram.labels().get(histogram.labels().size() - 1), 20))).append("</text>\n");
            }
        }
        return svg.append("</svg></figure>\n").toString();
    }

    /** A line chart over time, each series in its own colour with a legend, each point's value in its tooltip. */
    private static String lineChart(List<Series> series, long fromMillis, long toMillis) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Series line : series) {
            for (Point point : line.points()) {
                low = Math.min(low, point.y());
                high = Math.max(high, point.y());
            }
        }
        if (!Double.isFinite(low)) {
            return "";
        }
        low = Math.min(low, 0 <= low && high <= 1 ? 0 : low);
        if (high - low < 1e-12) {
            high = low + 1;
        }
        double x0 = fromMillis;
        double x1 = Math.max(toMillis, fromMillis + 1);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double yLow = low;
        double yHigh = high;
        DoubleUnaryOperator x = value -> LEFT + (value - x0) / (x1 - x0) * plotWidth;
        DoubleUnaryOperator y = value -> TOP + plotHeight - (value - yLow) / (yHigh - yLow) * plotHeight;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" role=\"img\">\n");
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP + plotHeight).append("\" x2=\"").append(LEFT + plotWidth)
                .append("\" y2=\"").append(TOP + plotHeight).append("\" stroke=\"#9ca3af\"/>\n");
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT).append("\" y2=\"")
                .append(TOP + plotHeight).append("\" stroke=\"#9ca3af\"/>\n");
        for (double tick : List.of(low, (low + high) / 2, high)) {
            svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(format(y.applyAsDouble(tick) + 4)).append("\" text-anchor=\"end\">")
                    .append(number(tick)).append("</text>\n");
        }
        svg.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 12).append("\">").append(time(fromMillis)).append("</text>\n");
        svg.append("<text x=\"").append(LEFT + plotWidth).append("\" y=\"").append(HEIGHT - 12).append("\" text-anchor=\"end\">")
                .append(time(toMillis)).append("</text>\n");
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            String colour = COLOURS[s % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (Point point : line.points()) {
                points.append(format(x.applyAsDouble(point.x()))).append(',').append(format(y.applyAsDouble(point.y()))).append(' ');
            }
            if (line.points().size() > 1) {
                svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                        .append(points.toString().trim()).append("\"/>\n");
            }
            for (Point point : line.points()) {
                svg.append("<circle cx=\"").append(format(x.applyAsDouble(point.x()))).append("\" cy=\"").append(format(y.applyAsDouble(point.y())))
                        .append("\" r=\"3\" fill=\"").append(colour).append("\"><title>").append(escape(line.name())).append(", ")
                        .append(escape(point.label())).append(": ").append(number(point.y())).append("</title></circle>\n");
            }
            int legend = TOP + 4 + s * 16;
            svg.append("<rect x=\"").append(LEFT + plotWidth + 12).append("\" y=\"").append(legend).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(colour).append("\"/><text x=\"").append(LEFT + plotWidth + 26).append("\" y=\"").append(legend + 9).append("\">")
                    .append(escape(shorten(line.name(), 22))).append("</text>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    private static void add(Map<String, List<Point>> series, String name, Window window, JsonNode value) {
        if (value.isNumber()) {
            series.computeIfAbsent(name, key -> new ArrayList<>()).add(new Point(window.toMillis(), value.asDouble(), time(window.toMillis())));
        }
    }

    private static long count(JsonNode columns) {
        long drifted = 0;
        for (JsonNode column : columns) {
            drifted += column.path("drift").asBoolean() ? 1 : 0;
        }
        return drifted;
    }

    private static StringBuilder start(String title) {
        return new StringBuilder(16_384).append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>").append(STYLE)
                .append("</style></head><body>\n");
    }

    private static String end(StringBuilder html) {
        return html.append("<p class=\"note\">Written by Cairn at ").append(time(System.currentTimeMillis())).append(" UTC.</p>\n</body></html>\n")
                .toString();
    }

    private static String yesNo(boolean drift) {
        return drift ? "<td class=\"yes\">yes</td>" : "<td class=\"no\">no</td>";
    }

    private static String metric(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.3f", value.asDouble()) : "-";
    }

    private static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }

    private static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        if (value != 0 && Math.abs(value) < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", value);
        }
        return String.format(Locale.ROOT, "%.4g", value).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
    }

    private static String format(double coordinate) {
        return String.format(Locale.ROOT, "%.1f", coordinate);
    }

    private static String shorten(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "\u2026";
    }
}
