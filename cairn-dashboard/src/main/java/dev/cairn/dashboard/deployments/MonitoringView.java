package dev.cairn.dashboard.deployments;

import dev.cairn.core.monitor.Alert;
import dev.cairn.core.monitor.KpiValue;
import dev.cairn.core.monitor.MonitorResult;
import dev.cairn.core.tracking.Metric;
import dev.cairn.dashboard.Chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The monitoring part of a deployment's page: its monitored windows, newest first, the share of
 * drifted inputs over time, its alerts, newest first, and the KPIs posted about it.
 */
public record MonitoringView(List<MonitorResult> results, Optional<Chart> drift, List<Alert> alerts, Optional<Chart> kpis) {
    public MonitoringView {
        results = List.copyOf(results);
        alerts = List.copyOf(alerts);
        requireNonNull(drift, "drift is null");
        requireNonNull(kpis, "kpis is null");
    }

    /** The view of these results and KPI values; charts only where there is something to draw. */
    static MonitoringView of(List<MonitorResult> results, List<Alert> alerts, List<KpiValue> kpis) {
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
        return new MonitoringView(results,
                results.isEmpty() ? Optional.empty() : Optional.of(Chart.metricLines("Monitored windows",
                        Map.of("inputs drifted (share)", share, "integrity violations", violations))),
                alerts, kpiSeries.isEmpty() ? Optional.empty() : Optional.of(Chart.metricLines("KPIs", kpiSeries)));
    }
}
