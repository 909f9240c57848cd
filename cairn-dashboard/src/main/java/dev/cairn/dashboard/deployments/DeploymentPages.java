package dev.cairn.dashboard.deployments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.deployment.Deployment;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.dashboard.Templates;
import dev.cairn.serve.deployment.Deployments;
import dev.cairn.serve.deployment.Endpoint;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code /deployments}, {@code /deployments/{name}} and its live part {@code /deployments/{name}/live}, and
 * {@code /alerts}: the alerts of every deployment.
 */
public final class DeploymentPages {
    /** The window live traffic figures cover. */
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int EVENTS_SHOWN = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How many monitored windows the page lists and charts. */
    private static final int WINDOWS_SHOWN = 200;
    private static final int ALERTS_SHOWN = 50;
    private static final int ALL_ALERTS_SHOWN = 500;
    /** How far back the page charts KPIs. */
    private static final Duration KPI_SPAN = Duration.ofDays(90);
    private static final int KPIS_SHOWN = 10_000;

    private final Deployments deployments;
    private final MonitorStore monitors;
    private final Templates templates;
    private final Clock clock;

    /** Pages over the deployments this server hosts and their monitoring. */
    public DeploymentPages(Deployments deployments, MonitorStore monitors, Templates templates, Clock clock) {
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.monitors = requireNonNull(monitors, "monitors is null");
        this.templates = requireNonNull(templates, "templates is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Every deployment with its state and what it serves. */
    public void list(Context ctx) {
        templates.render(ctx, "deployments.jte", deployments.list());
    }

    /** A deployment in full. */
    public void deployment(Context ctx) {
        String name = ctx.pathParam("name");
        DeploymentView view = view(name);
        long now = clock.millis();
        MonitoringView monitoring = MonitoringView.of(monitors.schedule(name), monitors.results(name, Long.MIN_VALUE, Long.MAX_VALUE, WINDOWS_SHOWN),
                monitors.alerts(Optional.of(name), Optional.empty(), ALERTS_SHOWN), monitors.kpis(Optional.empty(), Optional.of(name), now - KPI_SPAN.toMillis(), Long.MAX_VALUE, KPIS_SHOWN));
        templates.render(ctx, "deployment.jte", Map.of("page", view, "monitoring", monitoring));
    }

    /** The newest alerts of every deployment, firing and resolved, with the pipeline runs they requested. */
    public void alerts(Context ctx) {
        templates.render(ctx, "alerts.jte", monitors.alerts(Optional.empty(), Optional.empty(), ALL_ALERTS_SHOWN));
    }

    /** The part of a deployment's page that changes by the second: state, traffic, recent predictions. */
    public void live(Context ctx) {
        templates.render(ctx, "deploymentLive.jte", view(ctx.pathParam("name")));
    }

    private DeploymentView view(String name) {
        Deployment deployment = deployments.get(name);
        Optional<Endpoint> endpoint = deployments.endpoint(name);
        return new DeploymentView(deployment, indented(deployment.spec()),
                endpoint.map(live -> live.traffic(WINDOW)).orElse(List.of()),
                endpoint.map(Endpoint::recentPredictions).orElse(List.of()),
                deployments.events(name, EVENTS_SHOWN));
    }

    private static String indented(String json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return json; // the stored spec was validated when written; show it as it is
        }
    }
}
