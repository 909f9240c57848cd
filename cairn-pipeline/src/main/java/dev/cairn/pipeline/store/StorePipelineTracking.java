package dev.cairn.pipeline.store;

import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.tracking.LogBatch;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.Param;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunSearch;
import dev.cairn.core.tracking.RunStatus;
import dev.cairn.core.tracking.RunUpdate;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.tracking.ViewType;
import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;
import dev.cairn.pipeline.run.PipelineTags;
import dev.cairn.pipeline.run.PipelineTracking;
import dev.cairn.pipeline.run.TaggedRun;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** Pipeline tracking over a {@link TrackingStore} and the {@link ArtifactStore} its runs' artifacts live in. */
public final class StorePipelineTracking implements PipelineTracking {
    private final TrackingStore runs;
    private final ArtifactStore artifacts;

    /** Tracking into these stores. */
    public StorePipelineTracking(TrackingStore runs, ArtifactStore artifacts) {
        this.runs = runs;
        this.artifacts = artifacts;
    }

    @Override
    public String experimentId(String name) {
        try {
            return runs.getExperimentByName(name).experimentId();
        } catch (CairnException e) {
            if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw e;
            }
            try {
                return runs.createExperiment(name, Optional.empty(), List.of());
            } catch (CairnException raced) {
                // Two runs of a new pipeline at once (parallel runs, two workers): the other created it first.
                if (raced.code() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
                    throw raced;
                }
                return runs.getExperimentByName(name).experimentId();
            }
        }
    }

    @Override
    public String startRun(String experimentId, String runName, Map<String, String> tags) {
        List<Tag> tagList = tags.entrySet().stream().map(tag -> new Tag(tag.getKey(), tag.getValue())).toList();
        return runs.createRun(new NewRun(experimentId, System.getProperty("user.name", ""), Optional.of(runName), System.currentTimeMillis(), tagList))
                .info().runId();
    }

    @Override
    public void logParams(String runId, Map<String, String> params) {
        runs.logBatch(runId, new LogBatch(List.of(), params.entrySet().stream().map(p -> new Param(p.getKey(), p.getValue())).toList(), List.of()));
    }

    @Override
    public void setTags(String runId, Map<String, String> tags) {
        runs.logBatch(runId, new LogBatch(List.of(), List.of(), tags.entrySet().stream().map(t -> new Tag(t.getKey(), t.getValue())).toList()));
    }

    @Override
    public void uploadFile(String runId, String artifactPath, Path file) {
        ArtifactPath root = ArtifactPath.ofProxiedUri(runs.getRun(runId).info().artifactUri());
        try (InputStream content = Files.newInputStream(file)) {
            artifacts.put(root.resolve(artifactPath), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void end(String runId, RunStatus status) {
        runs.updateRun(runId, new RunUpdate(Optional.of(status), OptionalLong.of(System.currentTimeMillis()), Optional.empty()));
    }

    @Override
    public Optional<TaggedRun> finishedRunWithTag(String experimentId, String tagKey, String tagValue) {
        String filter = "tags.`" + tagKey + "` = " + SearchFilter.literal(tagValue) + " AND attributes.status = 'FINISHED'";
        List<Run> found = runs.searchRuns(new RunSearch(List.of(experimentId), SearchFilter.parseRunFilter(filter), ViewType.ACTIVE_ONLY, 1,
                List.of(OrderBy.parseRunOrderBy("attributes.start_time DESC")), Optional.empty())).items();
        return found.stream().findFirst().map(StorePipelineTracking::tagged);
    }

    @Override
    public Optional<TaggedRun> run(String runId) {
        try {
            return Optional.of(tagged(runs.getRun(runId)));
        } catch (CairnException e) {
            if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw e;
            }
            return Optional.empty();
        }
    }

    @Override
    public List<TaggedRun> stepRuns(String experimentId, String pipelineRunId) {
        SearchFilter filter = SearchFilter.parseRunFilter("tags.`" + PipelineTags.PARENT_RUN + "` = " + SearchFilter.literal(pipelineRunId));
        List<TaggedRun> found = new ArrayList<>();
        Optional<String> pageToken = Optional.empty();
        do {
            Page<Run> page = runs.searchRuns(new RunSearch(List.of(experimentId), filter, ViewType.ACTIVE_ONLY, RunSearch.DEFAULT_MAX_RESULTS,
                    List.of(OrderBy.parseRunOrderBy("attributes.start_time ASC")), pageToken));
            page.items().forEach(run -> found.add(tagged(run)));
            pageToken = page.nextPageToken();
        } while (pageToken.isPresent());
        return found;
    }

    private static TaggedRun tagged(Run run) {
        return new TaggedRun(run.info().runId(), run.info().experimentId(), run.info().status(),
                run.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value)));
    }
}
