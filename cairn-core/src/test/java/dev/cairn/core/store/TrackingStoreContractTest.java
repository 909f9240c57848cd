package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.tracking.Dataset;
import dev.cairn.core.tracking.DatasetInput;
import dev.cairn.core.tracking.Experiment;
import dev.cairn.core.tracking.ExperimentSearch;
import dev.cairn.core.tracking.LifecycleStage;
import dev.cairn.core.tracking.LogBatch;
import dev.cairn.core.tracking.Metric;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.Param;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunInfo;
import dev.cairn.core.tracking.RunSearch;
import dev.cairn.core.tracking.RunStatus;
import dev.cairn.core.tracking.RunUpdate;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.tracking.ViewType;
import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour every {@link TrackingStore} backend must have; runs on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class TrackingStoreContractTest extends StoreContract {
    TrackingStore store;

    @BeforeEach
    void open() {
        store = metadata.tracking();
    }

    // ---- experiments ----

    @Test
    void theDefaultExperimentExists() {
        Experiment experiment = store.getExperiment("0");
        assertThat(experiment.name()).isEqualTo("Default");
        assertThat(experiment.artifactLocation()).isEqualTo("mlflow-artifacts:/0");
        assertThat(experiment.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void createsAndReadsExperiments() {
        String id = store.createExperiment("churn", Optional.empty(), List.of(new Tag("team", "growth")));
        Experiment byId = store.getExperiment(id);
        assertThat(byId.name()).isEqualTo("churn");
        assertThat(byId.artifactLocation()).isEqualTo("mlflow-artifacts:/" + id);
        assertThat(byId.tags()).containsExactly(new Tag("team", "growth"));
        assertThat(store.getExperimentByName("churn")).isEqualTo(byId);

        String custom = store.createExperiment("custom", Optional.of("s3://bucket/x"), List.of());
        assertThat(store.getExperiment(custom).artifactLocation()).isEqualTo("s3://bucket/x");
    }

    @Test
    void rejectsDuplicateAndEmptyExperimentNames() {
        store.createExperiment("dup", Optional.empty(), List.of());
        assertError(() -> store.createExperiment("dup", Optional.empty(), List.of()), ErrorCode.RESOURCE_ALREADY_EXISTS, "dup");
        assertError(() -> store.createExperiment(" ", Optional.empty(), List.of()), ErrorCode.INVALID_PARAMETER_VALUE, "empty");
        assertError(() -> store.getExperiment("12345"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "12345");
        assertError(() -> store.getExperiment("abc"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "abc");
        assertError(() -> store.getExperimentByName("nope"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "nope");
    }

    @Test
    void renamesExperiments() {
        String id = store.createExperiment("old", Optional.empty(), List.of());
        store.createExperiment("taken", Optional.empty(), List.of());
        store.renameExperiment(id, "new");
        assertThat(store.getExperiment(id).name()).isEqualTo("new");
        assertError(() -> store.renameExperiment(id, "taken"), ErrorCode.RESOURCE_ALREADY_EXISTS, "taken");
        assertThat(store.getExperiment(id).name()).isEqualTo("new");
    }

    @Test
    void deletesAndRestoresExperimentsWithTheirRuns() {
        String id = store.createExperiment("e", Optional.empty(), List.of());
        Run kept = newRun(id);
        Run deletedAlone = newRun(id);
        store.deleteRun(deletedAlone.info().runId());

        store.deleteExperiment(id);
        assertThat(store.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertThat(store.getRun(kept.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertError(() -> store.createRun(new NewRun(id, "u", Optional.empty(), 1, List.of())), ErrorCode.INVALID_PARAMETER_VALUE, "deleted");
        assertError(() -> store.deleteExperiment(id), ErrorCode.INVALID_PARAMETER_VALUE, "already deleted");

        store.restoreExperiment(id);
        assertThat(store.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(store.getRun(kept.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(store.getRun(deletedAlone.info().runId()).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
        assertError(() -> store.deleteExperiment("0"), ErrorCode.INVALID_PARAMETER_VALUE, "default");
    }

    @Test
    void setsAndOverwritesExperimentTags() {
        String id = store.createExperiment("tags", Optional.empty(), List.of());
        store.setExperimentTag(id, new Tag("owner", "ann"));
        store.setExperimentTag(id, new Tag("owner", "bob"));
        assertThat(store.getExperiment(id).tags()).containsExactly(new Tag("owner", "bob"));
    }

    @Test
    void searchesExperimentsWithFiltersOrderAndPages() {
        for (String name : List.of("alpha", "beta", "gamma", "alpine")) {
            String id = store.createExperiment(name, Optional.empty(), List.of());
            store.setExperimentTag(id, new Tag("letter", name.substring(0, 1)));
        }
        Page<Experiment> al = store.searchExperiments(experimentSearch("name LIKE 'al%'", List.of("name ASC"), 10, Optional.empty()));
        assertThat(al.items()).extracting(Experiment::name).containsExactly("alpha", "alpine");

        Page<Experiment> tagged = store.searchExperiments(experimentSearch("tags.letter = 'g'", List.of(), 10, Optional.empty()));
        assertThat(tagged.items()).extracting(Experiment::name).containsExactly("gamma");

        List<String> names = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<Experiment> page = store.searchExperiments(experimentSearch("", List.of("name DESC"), 2, token));
            assertThat(page.items().size()).isLessThanOrEqualTo(2);
            page.items().forEach(experiment -> names.add(experiment.name()));
            token = page.nextPageToken();
        } while (token.isPresent());
        assertThat(names).containsExactly("gamma", "beta", "alpine", "alpha", "Default");
    }

    // ---- runs ----

    @Test
    void createsRunsWithNameUserAndSourceTags() {
        Run run = store.createRun(new NewRun("0", "", Optional.empty(), 1000,
                List.of(new Tag("mlflow.user", "ann"), new Tag("mlflow.source.git.commit", "abc123"),
                        new Tag("mlflow.source.name", "train.py"))));
        RunInfo info = run.info();
        assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(info.userId()).isEqualTo("ann");
        assertThat(info.startTime()).isEqualTo(1000);
        assertThat(info.endTime()).isEmpty();
        assertThat(info.runName()).matches("[a-z]+-[a-z]+-\\d+");
        assertThat(info.artifactUri()).isEqualTo("mlflow-artifacts:/0/" + info.runId() + "/artifacts");
        assertThat(run.tags()).contains(new Tag("mlflow.runName", info.runName()), new Tag("mlflow.source.git.commit", "abc123"));
        assertThat(store.getRun(info.runId())).isEqualTo(run);
        assertError(() -> store.getRun("missing"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "missing");
    }

    @Test
    void updatesAndTerminatesRuns() {
        Run run = store.createRun(new NewRun("0", "u", Optional.of("first"), 1, List.of()));
        RunInfo updated = store.updateRun(run.info().runId(),
                new RunUpdate(Optional.of(RunStatus.FINISHED), OptionalLong.of(99), Optional.of("second")));
        assertThat(updated.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(updated.endTime()).hasValue(99);
        assertThat(updated.runName()).isEqualTo("second");
        assertThat(store.getRun(run.info().runId()).tags()).contains(new Tag("mlflow.runName", "second"));
    }

    @Test
    void paramsAreImmutableAndAFailedBatchWritesNothing() {
        String runId = newRun("0").info().runId();
        store.logBatch(runId, LogBatch.of(new Param("lr", "0.1")));
        store.logBatch(runId, LogBatch.of(new Param("lr", "0.1")));
        LogBatch conflicting = new LogBatch(List.of(new Metric("loss", 1.0, 5, 0)), List.of(new Param("lr", "0.2")),
                List.of(new Tag("t", "v")));
        assertError(() -> store.logBatch(runId, conflicting), ErrorCode.INVALID_PARAMETER_VALUE, "lr");

        Run run = store.getRun(runId);
        assertThat(run.params()).containsExactly(new Param("lr", "0.1"));
        assertThat(run.latestMetrics()).isEmpty();
        assertThat(run.tags()).extracting(Tag::key).doesNotContain("t");
        assertThat(store.getMetricHistory(runId, "loss", 100, Optional.empty()).items()).isEmpty();
    }

    @Test
    void keepsMetricHistoryAndTheLatestValueByStep() {
        String runId = newRun("0").info().runId();
        store.logBatch(runId, new LogBatch(List.of(
                new Metric("loss", 0.9, 100, 0), new Metric("loss", 0.5, 300, 2), new Metric("loss", 0.7, 200, 1)),
                List.of(), List.of()));
        // A late point of an earlier step is history, not the latest value.
        store.logBatch(runId, LogBatch.of(new Metric("loss", 0.1, 999, 1)));
        store.logBatch(runId, LogBatch.of(new Metric("acc", Double.NaN, 5, 0)));

        Run run = store.getRun(runId);
        assertThat(run.latestMetrics()).contains(new Metric("loss", 0.5, 300, 2));
        assertThat(run.latestMetrics()).filteredOn(metric -> metric.key().equals("acc"))
                .singleElement().satisfies(metric -> assertThat(metric.value()).isNaN());
        assertThat(store.getMetricHistory(runId, "loss", 100, Optional.empty()).items()).extracting(Metric::value)
                .containsExactly(0.9, 0.7, 0.1, 0.5);

        Page<Metric> first = store.getMetricHistory(runId, "loss", 3, Optional.empty());
        assertThat(first.items()).hasSize(3);
        Page<Metric> second = store.getMetricHistory(runId, "loss", 3, first.nextPageToken());
        assertThat(second.items()).extracting(Metric::value).containsExactly(0.5);
        assertThat(second.nextPageToken()).isEmpty();
        assertError(() -> store.getMetricHistory(runId, "loss", 3, Optional.of("garbage!")), ErrorCode.INVALID_PARAMETER_VALUE, "page_token");
    }

    @Test
    void tagsOverwriteAndCanBeDeleted() {
        String runId = newRun("0").info().runId();
        store.logBatch(runId, LogBatch.of(new Tag("stage", "a")));
        store.logBatch(runId, LogBatch.of(new Tag("stage", "b")));
        assertThat(store.getRun(runId).tags()).contains(new Tag("stage", "b")).doesNotContain(new Tag("stage", "a"));
        store.deleteTag(runId, "stage");
        assertThat(store.getRun(runId).tags()).extracting(Tag::key).doesNotContain("stage");
        assertError(() -> store.deleteTag(runId, "stage"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "stage");
    }

    @Test
    void deletedRunsRejectWritesUntilRestored() {
        String runId = newRun("0").info().runId();
        store.deleteRun(runId);
        assertError(() -> store.logBatch(runId, LogBatch.of(new Param("a", "b"))), ErrorCode.INVALID_PARAMETER_VALUE, "active");
        store.restoreRun(runId);
        store.logBatch(runId, LogBatch.of(new Param("a", "b")));
        assertThat(store.getRun(runId).params()).containsExactly(new Param("a", "b"));
    }

    @Test
    void recordsTheDatasetsARunUsedOnceEach() {
        String runId = newRun("0").info().runId();
        String digest = "a".repeat(64);
        DatasetInput train = new DatasetInput(new Dataset("flights", digest, "local", "file:///data/flights.parquet",
                Optional.of("{\"columns\":[]}"), Optional.empty()), List.of(new Tag(DatasetInput.CONTEXT_TAG, "train")));
        DatasetInput test = new DatasetInput(new Dataset("flights-test", "b".repeat(64), "local", "file:///data/test.parquet",
                Optional.empty(), Optional.of("{\"rows\": 10}")), List.of(new Tag(DatasetInput.CONTEXT_TAG, "test")));
        store.logInputs(runId, List.of(train, test));
        store.logInputs(runId, List.of(train));
        assertThat(store.getRun(runId).inputs()).containsExactly(train, test);
        assertThat(search("0", "", "attributes.start_time DESC").items().stream().filter(run -> run.info().runId().equals(runId)).findFirst().orElseThrow().inputs())
                .hasSize(2);

        assertError(() -> new Dataset("x", "d".repeat(65), "local", "s", Optional.empty(), Optional.empty()),
                ErrorCode.INVALID_PARAMETER_VALUE, "64");
        assertError(() -> new Dataset("", "d", "local", "s", Optional.empty(), Optional.empty()), ErrorCode.INVALID_PARAMETER_VALUE, "name");
        store.deleteRun(runId);
        assertError(() -> store.logInputs(runId, List.of(test)), ErrorCode.INVALID_PARAMETER_VALUE, "active");
    }

    @Test
    void validatesKeysAndBatchLimits() {
        String runId = newRun("0").info().runId();
        assertError(() -> store.logBatch(runId, LogBatch.of(new Param("../etc", "x"))), ErrorCode.INVALID_PARAMETER_VALUE, "..");
        assertError(() -> store.logBatch(runId, LogBatch.of(new Param("a".repeat(251), "x"))), ErrorCode.INVALID_PARAMETER_VALUE, "250");
        assertError(() -> store.logBatch(runId, LogBatch.of(new Param("k", "v".repeat(6001)))), ErrorCode.INVALID_PARAMETER_VALUE, "6000");
        List<Metric> tooMany = IntStream.range(0, 1001).mapToObj(i -> new Metric("m", i, i, i)).toList();
        assertError(() -> store.logBatch(runId, new LogBatch(tooMany, List.of(), List.of())), ErrorCode.INVALID_PARAMETER_VALUE, "1000");
    }

    @Test
    void concurrentBatchesToOneRunAllLand() throws Exception {
        String runId = newRun("0").info().runId();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                int base = writer * 100;
                futures.add(pool.submit(() -> store.logBatch(runId, new LogBatch(
                        IntStream.range(0, 100).mapToObj(i -> new Metric("m", base + i, 1, base + i)).toList(),
                        List.of(new Param("p" + base, "v")), List.of()))));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(store.getMetricHistory(runId, "m", 10_000, Optional.empty()).items()).hasSize(800);
        assertThat(store.getRun(runId).latestMetrics()).containsExactly(new Metric("m", 799, 1, 799));
        assertThat(store.getRun(runId).params()).hasSize(8);
    }

    // ---- run search ----

    @Test
    void searchesRunsByMetricsParamsTagsAndAttributes() {
        String experiment = store.createExperiment("search", Optional.empty(), List.of());
        for (int i = 0; i < 6; i++) {
            String runId = store.createRun(new NewRun(experiment, "user" + (i % 2), Optional.of("run-" + i), 1000 + i, List.of())).info().runId();
            List<Metric> metrics = new ArrayList<>(List.of(new Metric("rmse", i * 0.5, 1, 0)));
            store.logBatch(runId, new LogBatch(metrics, List.of(new Param("model", i % 2 == 0 ? "tree" : "linear")),
                    i < 3 ? List.of(new Tag("stage", "Dev")) : List.of()));
            if (i == 5) {
                store.updateRun(runId, new RunUpdate(Optional.of(RunStatus.FINISHED), OptionalLong.of(2000), Optional.empty()));
            }
        }
        assertThat(names(search(experiment, "metrics.rmse < 1", "metrics.rmse DESC"))).containsExactly("run-1", "run-0");
        assertThat(names(search(experiment, "metrics.rmse >= 1 and params.model = 'tree'", null))).containsExactly("run-4", "run-2");
        assertThat(names(search(experiment, "params.model IN ('linear') AND metrics.rmse != 0.5", "params.model"))).containsExactly("run-5", "run-3");
        assertThat(names(search(experiment, "tags.stage ILIKE 'dev'", "attributes.run_name ASC"))).containsExactly("run-0", "run-1", "run-2");
        assertThat(names(search(experiment, "tags.stage IS NULL", "start_time"))).containsExactly("run-3", "run-4", "run-5");
        assertThat(names(search(experiment, "attributes.status = 'FINISHED'", null))).containsExactly("run-5");
        assertThat(names(search(experiment, "attributes.run_name LIKE 'run-%' and attributes.user_id = 'user1'", "start_time DESC")))
                .containsExactly("run-5", "run-3", "run-1");
        assertThat(names(search(experiment, "", null))).containsExactly("run-5", "run-4", "run-3", "run-2", "run-1", "run-0");
    }

    @Test
    void likeIsCaseSensitiveWithWildcardsAndEscapesAndIlikeIsNot() {
        String experiment = store.createExperiment("like", Optional.empty(), List.of());
        for (String name : List.of("Tree-1", "tree-2", "tree_3", "tree%4", "trees*", "tree[5]")) {
            store.createRun(new NewRun(experiment, "u", Optional.of(name), 1, List.of()));
        }
        assertThat(names(search(experiment, "attributes.run_name LIKE 'tree%'", "attributes.run_name ASC")))
                .containsExactly("tree%4", "tree-2", "tree[5]", "tree_3", "trees*");
        assertThat(names(search(experiment, "attributes.run_name LIKE 'tree_2'", null))).containsExactly("tree-2");
        assertThat(names(search(experiment, "attributes.run_name LIKE 'tree\\_%'", null))).containsExactly("tree_3");
        assertThat(names(search(experiment, "attributes.run_name LIKE '%\\%%'", null))).containsExactly("tree%4");
        assertThat(names(search(experiment, "attributes.run_name LIKE 'trees*'", null))).containsExactly("trees*");
        assertThat(names(search(experiment, "attributes.run_name LIKE 'tree[5]'", null))).containsExactly("tree[5]");
        assertThat(names(search(experiment, "attributes.run_name ILIKE 'TREE-%'", "attributes.run_name ASC")))
                .containsExactly("Tree-1", "tree-2");
        assertThat(names(search(experiment, "attributes.run_name = 'tree-1'", null))).isEmpty();
    }

    @Test
    void aNanLatestMetricMatchesNoComparisonAndSortsLast() {
        String experiment = store.createExperiment("nan", Optional.empty(), List.of());
        for (double value : new double[] {Double.NaN, 0.5, Double.POSITIVE_INFINITY}) {
            String runId = store.createRun(new NewRun(experiment, "u", Optional.of("acc=" + value), 1, List.of())).info().runId();
            store.logBatch(runId, LogBatch.of(new Metric("acc", value, 1, 0)));
        }
        assertThat(names(search(experiment, "metrics.acc > 0", "metrics.acc ASC"))).containsExactly("acc=0.5", "acc=Infinity");
        assertThat(names(search(experiment, "metrics.acc < 1", null))).containsExactly("acc=0.5");
        assertThat(names(search(experiment, "", "metrics.acc DESC"))).containsExactly("acc=Infinity", "acc=0.5", "acc=NaN");
        assertThat(search(experiment, "attributes.run_name = 'acc=NaN'", null).items()).singleElement()
                .satisfies(run -> assertThat(run.latestMetrics()).singleElement().satisfies(metric -> assertThat(metric.value()).isNaN()));
    }

    @Test
    void sortsRunsMissingTheSortKeyLast() {
        String experiment = store.createExperiment("sort", Optional.empty(), List.of());
        store.createRun(new NewRun(experiment, "u", Optional.of("without"), 3, List.of()));
        for (int i = 0; i < 2; i++) {
            String runId = store.createRun(new NewRun(experiment, "u", Optional.of("with-" + i), i, List.of())).info().runId();
            store.logBatch(runId, LogBatch.of(new Metric("acc", i, 1, 0)));
        }
        assertThat(names(search(experiment, "", "metrics.acc ASC"))).containsExactly("with-0", "with-1", "without");
        assertThat(names(search(experiment, "", "metrics.acc DESC"))).containsExactly("with-1", "with-0", "without");
    }

    @Test
    void pagesSortedByAKeySomeRunsLackCrossFromRunsWithItToRunsWithout() {
        String experiment = store.createExperiment("split", Optional.empty(), List.of());
        double[] values = {0.3, Double.NaN, 0.1, 0.2};
        for (int i = 0; i < 7; i++) {
            String runId = store.createRun(new NewRun(experiment, "u", Optional.of("r" + i), i, List.of())).info().runId();
            List<Metric> metrics = i < values.length ? List.of(new Metric("acc", values[i], 1, 0)) : List.of();
            store.logBatch(runId, new LogBatch(metrics, List.of(new Param("group", i % 2 == 0 ? "even" : "odd")), List.of()));
        }
        // Runs without a value (r4-r6) and the NaN one (r1) come last, newest first.
        assertThat(allPages(experiment, "", "metrics.acc ASC", 2)).containsExactly("r2", "r3", "r0", "r6", "r5", "r4", "r1");
        assertThat(allPages(experiment, "", "metrics.acc DESC", 3)).containsExactly("r0", "r3", "r2", "r6", "r5", "r4", "r1");
        assertThat(allPages(experiment, "params.group = 'even'", "metrics.acc DESC", 1)).containsExactly("r0", "r2", "r6", "r4");
        assertThat(allPages(experiment, "metrics.acc < 0.25", "metrics.acc DESC", 1)).containsExactly("r3", "r2");
        assertThat(allPages(experiment, "", "params.group ASC", 4)).containsExactly("r6", "r4", "r2", "r0", "r5", "r3", "r1");
        // A page that starts beyond every run with the key.
        Page<Run> late = store.searchRuns(new RunSearch(List.of(experiment), SearchFilter.parseRunFilter(""), ViewType.ACTIVE_ONLY, 2,
                List.of(OrderBy.parseRunOrderBy("metrics.acc ASC")), Optional.of(PageToken.encode(5))));
        assertThat(names(late)).containsExactly("r4", "r1");
        assertThat(late.nextPageToken()).isEmpty();
    }

    @Test
    void pagesThroughRunsAndHonoursViewTypes() {
        String experiment = store.createExperiment("pages", Optional.empty(), List.of());
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(store.createRun(new NewRun(experiment, "u", Optional.of("r" + i), i, List.of())).info().runId());
        }
        store.deleteRun(created.get(0));
        List<String> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<Run> page = store.searchRuns(new RunSearch(List.of(experiment), SearchFilter.parseRunFilter(""),
                    ViewType.ACTIVE_ONLY, 2, List.of(), token));
            page.items().forEach(run -> seen.add(run.info().runName()));
            token = page.nextPageToken();
        } while (token.isPresent());
        assertThat(seen).containsExactly("r6", "r5", "r4", "r3", "r2", "r1");

        Page<Run> deleted = store.searchRuns(new RunSearch(List.of(experiment), SearchFilter.parseRunFilter(""),
                ViewType.DELETED_ONLY, 10, List.of(), Optional.empty()));
        assertThat(names(deleted)).containsExactly("r0");
        Page<Run> all = store.searchRuns(new RunSearch(List.of(experiment), SearchFilter.parseRunFilter(""),
                ViewType.ALL, 10, List.of(), Optional.empty()));
        assertThat(all.items()).hasSize(7);
    }

    // ---- helpers ----

    private Run newRun(String experimentId) {
        return store.createRun(new NewRun(experimentId, "tester", Optional.empty(), System.currentTimeMillis(), List.of()));
    }

    private List<String> allPages(String experiment, String filter, String orderBy, int pageSize) {
        List<String> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<Run> page = store.searchRuns(new RunSearch(List.of(experiment), SearchFilter.parseRunFilter(filter), ViewType.ACTIVE_ONLY,
                    pageSize, List.of(OrderBy.parseRunOrderBy(orderBy)), token));
            seen.addAll(names(page));
            token = page.nextPageToken();
        } while (token.isPresent());
        return seen;
    }

    private Page<Run> search(String experiment, String filter, String orderBy) {
        return store.searchRuns(new RunSearch(List.of(experiment), SearchFilter.parseRunFilter(filter), ViewType.ACTIVE_ONLY,
                100, orderBy == null ? List.of() : List.of(OrderBy.parseRunOrderBy(orderBy)), Optional.empty()));
    }

    private static List<String> names(Page<Run> page) {
        return page.items().stream().map(run -> run.info().runName()).toList();
    }

    private static ExperimentSearch experimentSearch(String filter, List<String> orderBy, int maxResults, Optional<String> token) {
        return new ExperimentSearch(SearchFilter.parseExperimentFilter(filter), ViewType.ACTIVE_ONLY, maxResults,
                orderBy.stream().map(OrderBy::parseExperimentOrderBy).toList(), token);
    }

    static void assertError(Runnable action, ErrorCode code, String messagePart) {
        assertThatThrownBy(action::run)
                .isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(code))
                .hasMessageContaining(messagePart);
    }
}
