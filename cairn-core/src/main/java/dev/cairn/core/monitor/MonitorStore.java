package dev.cairn.core.monitor;

import java.util.List;
import java.util.Optional;

/** Monitored windows and KPI values. Every method is one transaction. */
public interface MonitorStore {
    /** Stores a window's results. */
    MonitorResult record(MonitorWindow window);

    /** One stored result; not found if there is none with this id. */
    MonitorResult get(long id);

    /**
     * The deployment's results whose windows end in {@code (fromMillis, toMillis]}, newest window
     * first, at most {@code limit}.
     */
    List<MonitorResult> results(String deployment, long fromMillis, long toMillis, int limit);

    /** Stores KPI values, all or none. */
    void recordKpis(List<KpiValue> values);

    /**
     * KPI values measured in {@code [fromMillis, toMillis)}, oldest first, at most {@code limit}:
     * of one KPI when {@code name} is given, of one deployment when {@code deployment} is.
     */
    List<KpiValue> kpis(Optional<String> name, Optional<String> deployment, long fromMillis, long toMillis, int limit);
}
