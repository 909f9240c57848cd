package dev.cairn.core.monitor;

import java.util.List;
import java.util.Optional;

/** Monitored windows, KPI values, alert rules and alerts, and monitor schedules. Every method is one transaction. */
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
     * KPI values measured in {@code [fromMillis, toMillis)}, oldest first, the newest {@code limit} when there are more:
     * of one KPI when {@code name} is given, of one deployment when {@code deployment} is.
     */
    List<KpiValue> kpis(Optional<String> name, Optional<String> deployment, long fromMillis, long toMillis, int limit);

    /** Stores a rule, replacing the deployment's rule of that name. */
    AlertRule putRule(AlertRule rule);

    /** The deployment's rules, by name. */
    List<AlertRule> rules(String deployment);

    /** Deletes a rule and resolves its firing alert; not found if the deployment has none of that name. Its alerts stay in the history. */
    void deleteRule(String deployment, String name);

    /** The alert a rule has firing, if any. */
    Optional<Alert> firing(String deployment, String rule);

    /** Raises an alert for a rule, about the monitored window {@code resultId}. */
    Alert raise(AlertRule rule, long resultId, String message);

    /** Records that a firing alert's condition still holds in a later window. */
    void stillFiring(long alertId, long resultId);

    /** Resolves a firing alert: a later window no longer meets its condition. */
    Alert resolve(long alertId, long resultId);

    /** Records the pipeline run an alert requested. */
    void linkRun(long alertId, long pipelineRun);

    /** Marks an alert as seen by a person; not found if there is none with this id. */
    Alert acknowledge(long alertId);

    /** Alerts, newest first: of one deployment when given, only firing or only resolved ones when given. */
    List<Alert> alerts(Optional<String> deployment, Optional<Boolean> firing, int limit);

    /** Stores a deployment's monitor schedule, replacing the one it had. */
    MonitorSchedule putSchedule(MonitorSchedule schedule);

    /** The deployment's monitor schedule, if it has one. */
    Optional<MonitorSchedule> schedule(String deployment);

    /** Every stored monitor schedule, by deployment. */
    List<MonitorSchedule> schedules();

    /** Removes a deployment's monitor schedule; not found if it has none. */
    void deleteSchedule(String deployment);
}
