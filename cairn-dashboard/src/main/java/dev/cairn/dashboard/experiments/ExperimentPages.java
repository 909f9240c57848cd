package dev.cairn.dashboard.experiments;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.Experiment;
import dev.cairn.core.tracking.ExperimentSearch;
import dev.cairn.core.tracking.Metric;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.Param;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunSearch;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.tracking.ViewType;
import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;
import dev.cairn.dashboard.NameSearch;
import dev.cairn.dashboard.Templates;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/** {@code /experiments} and {@code /experiments/{id}}: the experiments, and one experiment's runs. */
public final class ExperimentPages {
    /** Runs per page: one screen, and one indexed query however many runs the experiment has. */
    static final int RUNS_PER_PAGE = 50;
    private static final int EXPERIMENTS_PER_PAGE = 100;
    /** Columns shown of each kind when none are chosen. */
    private static final int DEFAULT_COLUMNS = 5;
    private static final String PARENT_TAG = "mlflow.parentRunId";

    private final TrackingStore tracking;
    private final Templates templates;

    /** Pages over the tracking store. */
    public ExperimentPages(TrackingStore tracking, Templates templates) {
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.templates = requireNonNull(templates, "templates is null");
    }

    /** The experiments, newest first, optionally those whose name contains a search. */
    public void list(Context ctx) {
        String search = Optional.ofNullable(ctx.queryParam("search")).orElse("").strip();
        SearchFilter filter = SearchFilter.parseExperimentFilter(NameSearch.filter(search));
        Page<Experiment> page = tracking.searchExperiments(new ExperimentSearch(filter, ViewType.ACTIVE_ONLY, EXPERIMENTS_PER_PAGE,
                List.of(OrderBy.parseExperimentOrderBy("last_update_time DESC")),
                Optional.ofNullable(ctx.queryParam("page_token")).filter(token -> !token.isBlank())));
        List<Experiment> matching = page.items().stream().filter(experiment -> NameSearch.contains(experiment.name(), search)).toList();
        templates.render(ctx, "experiments.jte", new ExperimentList(search, matching, page.nextPageToken()));
    }

    /**
     * One experiment's runs. A request from htmx (the filter box, a sort, a page) gets the table
     * alone; a browser gets the whole page. A filter the parser refuses is shown with its reason.
     */
    public void runs(Context ctx) {
        RunsQuery query = RunsQuery.of(ctx);
        Experiment experiment = tracking.getExperiment(query.experimentId());
        Page<Run> page;
        Optional<String> error = Optional.empty();
        try {
            page = tracking.searchRuns(new RunSearch(List.of(experiment.experimentId()), SearchFilter.parseRunFilter(query.filter()),
                    ViewType.ACTIVE_ONLY, RUNS_PER_PAGE, List.of(OrderBy.parseRunOrderBy(query.order())), query.pageToken()));
        } catch (CairnException e) {
            if (e.code().httpStatus() >= 500) {
                throw e;
            }
            page = new Page<>(List.of(), Optional.empty());
            error = Optional.of(e.getMessage());
        }
        List<String> available = availableColumns(page.items());
        List<String> columns = query.columns().isEmpty() ? defaultColumns(available) : query.columns();
        RunsTable table = new RunsTable(experiment, query, nested(page.items()), columns, available, page.nextPageToken(), error);
        // htmx restoring history after a cache miss asks with HX-Request too, and wants the whole page.
        boolean partial = ctx.header("HX-Request") != null && ctx.header("HX-Boosted") == null
                && ctx.header("HX-History-Restore-Request") == null;
        ctx.header("Vary", "HX-Request, HX-History-Restore-Request");
        templates.render(ctx, error.isPresent() && !partial ? 400 : 200, partial ? "runsTable.jte" : "experiment.jte", table);
    }

    /** The page's runs with each child right under its parent, depth first, in the page's order otherwise. */
    static List<RunRow> nested(List<Run> runs) {
        Set<String> onPage = new HashSet<>();
        runs.forEach(run -> onPage.add(run.info().runId()));
        Map<String, List<Run>> children = new LinkedHashMap<>();
        List<Run> roots = new ArrayList<>();
        for (Run run : runs) {
            Optional<String> parent = parent(run);
            if (parent.isPresent() && onPage.contains(parent.get()) && !parent.get().equals(run.info().runId())) {
                children.computeIfAbsent(parent.get(), id -> new ArrayList<>()).add(run);
            } else {
                roots.add(run);
            }
        }
        List<RunRow> rows = new ArrayList<>(runs.size());
        Set<String> placed = new HashSet<>();
        for (Run root : roots) {
            place(root, 0, parent(root), children, rows, placed);
        }
        // A cycle of parent tags leaves runs unplaced; they still appear, at the top level.
        for (Run run : runs) {
            if (!placed.contains(run.info().runId())) {
                place(run, 0, parent(run), children, rows, placed);
            }
        }
        return rows;
    }

    private static void place(Run run, int depth, Optional<String> orphanOf, Map<String, List<Run>> children, List<RunRow> rows,
                              Set<String> placed) {
        if (!placed.add(run.info().runId())) {
            return;
        }
        rows.add(new RunRow(run, depth, orphanOf));
        for (Run child : children.getOrDefault(run.info().runId(), List.of())) {
            place(child, depth + 1, Optional.empty(), children, rows, placed);
        }
    }

    private static Optional<String> parent(Run run) {
        return run.tags().stream().filter(tag -> tag.key().equals(PARENT_TAG)).map(Tag::value).findFirst();
    }

    private static List<String> availableColumns(List<Run> runs) {
        Set<String> metrics = new TreeSet<>();
        Set<String> params = new TreeSet<>();
        for (Run run : runs) {
            run.latestMetrics().stream().map(Metric::key).forEach(key -> metrics.add("metrics." + key));
            run.params().stream().map(Param::key).forEach(key -> params.add("params." + key));
        }
        return Stream.concat(metrics.stream(), params.stream()).toList();
    }

    private static List<String> defaultColumns(List<String> available) {
        return Stream.concat(
                available.stream().filter(column -> column.startsWith("metrics.")).limit(DEFAULT_COLUMNS),
                available.stream().filter(column -> column.startsWith("params.")).limit(DEFAULT_COLUMNS)).toList();
    }
}
