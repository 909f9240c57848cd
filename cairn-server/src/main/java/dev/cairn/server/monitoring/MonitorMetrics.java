package dev.cairn.server.monitoring;

import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.core.monitor.MonitorWindow;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import static java.util.Objects.requireNonNull;

/**
 * The latest monitored window of each deployment, and its firing alerts, as Prometheus gauges
 * labelled by deployment: {@code cairn_monitor_inputs_drifted_share}, {@code cairn_monitor_dataset_drift}
 * and {@code cairn_monitor_prediction_drift} (1 or 0), {@code cairn_monitor_integrity_violations},
 * {@code cairn_monitor_window_predictions} and {@code cairn_alerts_firing}. A deployment's gauges
 * appear with its first window monitored by this process.
 */
public final class MonitorMetrics {
    /** Most firing alerts counted per deployment and scrape. */
    private static final int MAX_COUNTED = 10_000;

    private final MeterRegistry registry;
    private final MonitorStore store;
    private final Map<String, MonitorWindow> latest = new ConcurrentHashMap<>();

    /** Gauges in {@code registry}, the firing alerts read from {@code store} at each scrape. */
    public MonitorMetrics(MeterRegistry registry, MonitorStore store) {
        this.registry = requireNonNull(registry, "registry is null");
        this.store = requireNonNull(store, "store is null");
    }

    /** Makes {@code window} its deployment's latest. */
    public void record(MonitorWindow window) {
        String deployment = window.deployment();
        if (latest.put(deployment, window) != null) {
            return;
        }
        gauge("cairn.monitor.inputs.drifted.share", deployment, "Share of the model's inputs that drifted in the latest monitored window",
                latest -> latest.columns() == 0 ? 0 : (double) latest.driftedColumns() / latest.columns());
        gauge("cairn.monitor.dataset.drift", deployment, "1 if the latest monitored window drifted as a whole, else 0",
                latest -> latest.datasetDrift() ? 1 : 0);
        gauge("cairn.monitor.prediction.drift", deployment, "1 if the model's outputs drifted in the latest monitored window, else 0",
                latest -> latest.predictionDrift() ? 1 : 0);
        gauge("cairn.monitor.integrity.violations", deployment, "Integrity violations in the latest monitored window",
                MonitorWindow::integrityIssues);
        gauge("cairn.monitor.window.predictions", deployment, "Predictions in the latest monitored window", MonitorWindow::rows);
        Gauge.builder("cairn.alerts.firing", store, alerts -> alerts.alerts(Optional.of(deployment), Optional.of(true), MAX_COUNTED).size())
                .tag("deployment", deployment).description("Alerts firing for the deployment").register(registry);
    }

    private void gauge(String name, String deployment, String description, ToDoubleFunction<MonitorWindow> value) {
        Gauge.builder(name, latest, windows -> value.applyAsDouble(windows.get(deployment))).tag("deployment", deployment)
                .description(description).register(registry);
    }
}
