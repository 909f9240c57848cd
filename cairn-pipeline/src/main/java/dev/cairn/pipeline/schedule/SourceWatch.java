package dev.cairn.pipeline.schedule;

import dev.cairn.core.pipeline.Pipeline;
import dev.cairn.core.pipeline.PipelineRun;
import dev.cairn.core.pipeline.PipelineStore;
import dev.cairn.core.pipeline.PipelineTriggers;
import dev.cairn.core.pipeline.RunRequest;
import dev.cairn.core.pipeline.TriggerKind;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.spec.StepSpec;
import dev.cairn.pipeline.step.ContentDigest;
import dev.cairn.pipeline.steps.JdbcSourceParam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The data-source trigger: for each pipeline with {@code watch} on, the content digest of the
 * files its {@code dataset} steps register, and of the rows of their JDBC sources' watch queries.
 * When it differs from the digest seen last time, a run is requested; the first look only records
 * it. Digests, not modification times: a file touched but unchanged fires nothing.
 */
final class SourceWatch {
    private static final Logger LOG = LoggerFactory.getLogger(SourceWatch.class);
    private static final String DATASET_STEP = "dataset";
    private static final String SOURCE_PARAM = "path";
    /** A watch query that takes longer is a failed look at that pipeline, retried at the next. */
    private static final int WATCH_QUERY_TIMEOUT_SECONDS = 30;

    private final PipelineStore store;
    private final PipelineSpecReader reader;
    private final PipelineTriggers triggers;

    SourceWatch(PipelineStore store, PipelineSpecReader reader, PipelineTriggers triggers) {
        this.store = store;
        this.reader = reader;
        this.triggers = triggers;
    }

    /** Looks at every watched pipeline once; returns the runs it requested. */
    List<PipelineRun> check() {
        List<PipelineRun> requested = new ArrayList<>();
        for (Pipeline pipeline : store.list()) {
            if (!pipeline.watch()) {
                continue;
            }
            try {
                TreeMap<String, String> digests = sourceDigests(reader.read(pipeline.spec(), Path.of(pipeline.folder())));
                if (digests.isEmpty()) {
                    continue;
                }
                String digest = ContentDigest.of(digests.toString());
                if (pipeline.watchedDigest().map(digest::equals).orElse(false)) {
                    continue;
                }
                // Requested before the digest is kept: if the request fails, the next look requests again.
                if (pipeline.watchedDigest().isPresent()) {
                    requested.add(triggers.request(pipeline.name(), RunRequest.of(TriggerKind.DATASET,
                            "new data in " + String.join(", ", digests.keySet()))));
                }
                store.setWatchedDigest(pipeline.name(), digest);
            } catch (RuntimeException e) {
                // One pipeline's unreadable source must not keep the others from being looked at.
                LOG.warn("Cannot look at the sources of pipeline '{}': {}", pipeline.name(), e.getMessage());
            }
        }
        return requested;
    }

    /**
     * The digest of each existing source file of the pipeline's dataset steps, by path as written,
     * and of each JDBC source's watch query rows, by the step's name.
     */
    private static TreeMap<String, String> sourceDigests(PipelineSpec spec) {
        TreeMap<String, String> digests = new TreeMap<>();
        for (StepSpec step : spec.steps()) {
            if (!step.type().equals(DATASET_STEP)) {
                continue;
            }
            Optional<JdbcSourceParam.WatchedQuery> watched = JdbcSourceParam.watchedQuery(step.params());
            if (watched.isPresent()) {
                digests.put("the JDBC source of step '" + step.name() + "'",
                        watched.get().source().digest(watched.get().query(), WATCH_QUERY_TIMEOUT_SECONDS));
                continue;
            }
            if (!step.params().path(SOURCE_PARAM).isTextual()) {
                continue;
            }
            String written = step.params().get(SOURCE_PARAM).asText();
            Path file = spec.folder().resolve(written);
            if (Files.isRegularFile(file)) {
                digests.put(written, ContentDigest.ofPath(file));
            }
        }
        return digests;
    }
}
