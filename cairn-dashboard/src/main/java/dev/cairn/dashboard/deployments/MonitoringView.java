package dev.cairn.dashboard.deployments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.monitor.Alert;
import dev.cairn.core.monitor.KpiValue;
import dev.cairn.core.monitor.MonitorResult;
import dev.cairn.core.monitor.MonitorSchedule;
import dev.cairn.core.tracking.Metric;
import dev.cairn.dashboard.Chart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The monitoring part of a deployment's page: its monitor schedule, its monitored windows, newest first, the share of
 * drifted inputs over time, the drift of each input per window, its alerts, newest first, and the
 * KPIs posted about it.
 */
public record MonitoringView(Optional<MonitorSchedule> schedule, List<MonitorResult> results, Optional<Chart> drift,
                             Optional<Chart> columnDrift, List<Alert> alerts, Optional<Chart> kpis) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringView.class);

    public MonitoringView {
        requireNonNull(schedule, "schedule is null");
        results = List.copyOf(results);
        alerts = List.copyOf(alerts);
        requireNonNull(drift, "drift is null");
        requireNonNull(columnDrift, "columnDrift is null");
        requireNonNull(kpis, "kpis is null");
    }

    /** How often the schedule monitors, as {@code every 1h over windows of 1d}. */
    public String scheduleText() {
        return schedule.map(monitored -> "every " + MonitorSchedule.formatSpan(monitored.every()) + " over windows of "
                + MonitorSchedule.formatSpan(monitored.window())).orElse("");
    }

    /** The view of these results and KPI values; charts only where there is something to draw. */
    static MonitoringView of(Optional<MonitorSchedule> schedule, List<MonitorResult> results, List<Alert> alerts, List<KpiValue> kpis) {
        List<Metric> share = new ArrayList<>();
        List<Metric> violations = new ArrayList<>();
        // Oldest first on the time axis; each point is placed at its window's end.
        for (int i = results.size() - 1; i >= 0; i--) {
            MonitorResult result = results.get(i);
            long end = result.window().toMillis();
            int columns = result.window().columns();
            share.add(new Metric("inputs drifted (share)", columns == 0 ? 0 : (double) result.window().driftedColumns() / columns, end, i));
            violations.add(new Metric("integrity violations", result.window().integrityIssues(), end, i));
        }
        Map<String, List<Metric>> kpiSeries = new LinkedHashMap<>();
        for (KpiValue value : kpis) {
            List<Metric> series = kpiSeries.computeIfAbsent(value.name(), name -> new ArrayList<>());
            series.add(new Metric(value.name(), value.value(), value.timeMillis(), series.size()));
        }
        return new MonitoringView(schedule, results,
                results.isEmpty() ? Optional.empty() : Optional.of(Chart.metricLines("Monitored windows",
                        Map.of("inputs drifted (share)", share, "integrity violations", violations))),
                columnDrift(results), alerts, kpiSeries.isEmpty() ? Optional.empty() : Optional.of(Chart.metricLines("KPIs", kpiSeries)));
    }

    /** Each input's test in each window, oldest window first, from the stored reports; none when no window compared an input. */
    private static Optional<Chart> columnDrift(List<MonitorResult> results) {
        List<Long> ends = new ArrayList<>();
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<Chart.GridCell> cells = new ArrayList<>();
        for (int i = results.size() - 1; i >= 0; i--) {
            MonitorResult result = results.get(i);
            int window = ends.size();
            ends.add(result.window().toMillis());
            JsonNode report;
            try {
                report = JSON.readTree(result.window().reportJson());
            } catch (JsonProcessingException e) {
                LOG.warn("Monitor result {} has a report that is not JSON; its window shows no columns", result.id());
                continue;
            }
            for (JsonNode column : report.path("feature_drift").path("columns")) {
                int row = columns.computeIfAbsent(column.path("column").asText(), name -> columns.size());
                cells.add(new Chart.GridCell(window, row, column.path("drift").asBoolean(), column.path("method").asText(),
                        column.path("statistic").asDouble()));
            }
        }
        return cells.isEmpty() ? Optional.empty()
                : Optional.of(Chart.driftGrid("Drift per input over time", ends, List.copyOf(columns.keySet()), cells));
    }
}
