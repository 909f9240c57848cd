package dev.cairn.dashboard.runs;

import dev.cairn.core.artifact.ArtifactEntry;
import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.Metric;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunInfo;
import dev.cairn.core.tracking.RunSearch;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.tracking.ViewType;
import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;
import dev.cairn.dashboard.Chart;
import dev.cairn.dashboard.Display;
import dev.cairn.dashboard.Templates;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/** {@code /runs/{id}} and {@code /compare?runs=...}. */
public final class RunPages {
    /** Points drawn per metric: a chart does not show more, and a run may log millions. */
    static final int MAX_POINTS = 10_000;
    /** Metrics charted on one page; the table still lists every metric. */
    private static final int MAX_CHARTS = 24;
    private static final int MAX_CHILDREN = 100;
    private static final int MIN_COMPARED = 2;
    private static final int MAX_COMPARED = 10;
    private static final String PARENT_TAG = "mlflow.parentRunId";

    private final TrackingStore tracking;
    private final ArtifactStore artifacts;
    private final Templates templates;

    /** Pages over the tracking store and the artifact store that holds runs' artifacts. */
    public RunPages(TrackingStore tracking, ArtifactStore artifacts, Templates templates) {
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.templates = requireNonNull(templates, "templates is null");
    }

    /** A run: its values, its metric charts, its nested runs and the artifact folder {@code ?path=} names. */
    public void run(Context ctx) {
        Run run = tracking.getRun(ctx.pathParam("id"));
        RunInfo info = run.info();
        Optional<RunInfo> parent = tag(run, PARENT_TAG).flatMap(this::findRun);
        List<RunInfo> children = tracking.searchRuns(new RunSearch(List.of(info.experimentId()),
                SearchFilter.parseRunFilter("tags.`" + PARENT_TAG + "` = '" + info.runId() + "'"), ViewType.ACTIVE_ONLY,
                MAX_CHILDREN, List.of(OrderBy.parseRunOrderBy("attributes.start_time ASC")), Optional.empty()))
                .items().stream().map(Run::info).toList();
        List<Chart> charts = run.latestMetrics().stream().map(Metric::key).sorted().limit(MAX_CHARTS)
                .map(key -> Chart.metricLines(key, Map.of(key, history(info.runId(), key)))).toList();
        String folder = Optional.ofNullable(ctx.queryParam("path")).map(path -> ArtifactPath.of(path).value()).orElse("");
        Optional<ArtifactPath> root = artifactRoot(info);
        List<ArtifactEntry> entries = root.map(path -> artifacts.list(path.resolve(folder))).orElse(List.of());
        templates.render(ctx, "run.jte", new RunView(run, tracking.getExperiment(info.experimentId()), parent, children, charts,
                folder, entries, root.map(ArtifactPath::value)));
    }

    /** Two to ten runs side by side. */
    public void compare(Context ctx) {
        List<String> ids = ctx.queryParams("runs").stream().flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip).filter(id -> !id.isEmpty()).distinct().toList();
        if (ids.size() < MIN_COMPARED || ids.size() > MAX_COMPARED) {
            throw CairnException.invalidParameter("Choose " + MIN_COMPARED + " to " + MAX_COMPARED
                    + " runs to compare (tick them in an experiment's runs table); " + ids.size() + " chosen");
        }
        List<Run> runs = ids.stream().map(tracking::getRun).toList();
        List<Comparison.Row> params = rows(runs, run -> run.params().stream()
                .collect(LinkedHashMap::new, (map, param) -> map.put(param.key(), param.value()), Map::putAll));
        List<Comparison.Row> metrics = rows(runs, run -> run.latestMetrics().stream()
                .collect(LinkedHashMap::new, (map, metric) -> map.put(metric.key(), Display.number(metric.value())), Map::putAll));
        List<Chart> charts = metrics.stream().limit(MAX_CHARTS).map(row -> {
            Map<String, List<Metric>> series = new LinkedHashMap<>();
            for (Run run : runs) {
                if (run.latestMetrics().stream().anyMatch(metric -> metric.key().equals(row.key()))) {
                    series.put(run.info().runName() + " (" + Display.shorten(run.info().runId(), 8) + ")",
                            history(run.info().runId(), row.key()));
                }
            }
            return Chart.metricLines(row.key(), series);
        }).toList();
        templates.render(ctx, "compare.jte", new Comparison(runs, params, metrics, charts));
    }

    private static List<Comparison.Row> rows(List<Run> runs, Function<Run, Map<String, String>> values) {
        List<Map<String, String>> byRun = runs.stream().map(values).toList();
        TreeSet<String> keys = new TreeSet<>();
        byRun.forEach(map -> keys.addAll(map.keySet()));
        List<Comparison.Row> rows = new ArrayList<>(keys.size());
        for (String key : keys) {
            List<String> cells = byRun.stream().map(map -> map.getOrDefault(key, "")).toList();
            rows.add(new Comparison.Row(key, cells, cells.stream().distinct().count() > 1));
        }
        return rows;
    }

    private List<Metric> history(String runId, String key) {
        List<Metric> points = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<Metric> page = tracking.getMetricHistory(runId, key, Math.min(MAX_POINTS - points.size(), 5_000), token);
            points.addAll(page.items());
            token = page.nextPageToken();
        } while (token.isPresent() && points.size() < MAX_POINTS);
        return points;
    }

    private Optional<RunInfo> findRun(String runId) {
        try {
            return Optional.of(tracking.getRun(runId).info());
        } catch (CairnException e) {
            if (e.code().httpStatus() != 404) {
                throw e;
            }
            return Optional.empty(); // a parent tag may name a run since deleted for good
        }
    }

    /** The run's artifact root in this server's store; empty when its artifacts live elsewhere. */
    private static Optional<ArtifactPath> artifactRoot(RunInfo info) {
        try {
            return Optional.of(ArtifactPath.ofProxiedUri(info.artifactUri()));
        } catch (CairnException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> tag(Run run, String key) {
        return run.tags().stream().filter(tag -> tag.key().equals(key)).map(Tag::value).findFirst();
    }
}
