package dev.cairn.cli;

import dev.cairn.core.artifact.ArtifactSources;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.registry.ModelRegistrar;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.model.registry.SourceFilesValidator;
import dev.cairn.pipeline.schedule.PipelineScheduler;
import dev.cairn.pipeline.schedule.SchedulerSettings;
import dev.cairn.pipeline.schedule.WorkerNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code cairn worker}: a process that runs stored pipelines from the metadata database beside
 * the server's own threads. On PostgreSQL any number of workers on any machine join; each run is
 * picked by exactly one, and a worker that dies has its runs taken over by another after its
 * heartbeats stop.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "Run stored pipelines from the metadata database (join with --db on PostgreSQL).")
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    ProcessOptions process;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Pipelines this worker runs at once (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--heartbeat", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between heartbeats; after 4 missed ones another worker takes a run over (default: ${DEFAULT-VALUE})")
    int heartbeatSeconds;

    @Option(names = "--work", paramLabel = "DIR", description = "Where steps keep their files between runs (default: <home>/cache/pipelines, as the server's)")
    Optional<Path> work;

    @Override
    public Integer call() throws InterruptedException {
        if (threads < 1 || heartbeatSeconds < 1) {
            throw new IllegalArgumentException("--threads and --heartbeat must be at least 1");
        }
        MetadataStore metadata = process.openMetadata();
        PipelineScheduler scheduler;
        try {
            ArtifactStore artifacts = process.artifactStore();
            ModelRegistrar registrar = new ModelRegistrar(metadata.registry(),
                    new SourceFilesValidator(artifacts, new ArtifactSources(metadata.tracking())));
            String name = WorkerNames.thisProcess();
            SchedulerSettings settings = SchedulerSettings.defaults(name).withThreads(threads)
                    .withHeartbeat(Duration.ofSeconds(heartbeatSeconds), 4);
            scheduler = PipelineScheduler.onStores(metadata, artifacts, registrar, Optional.empty(),
                    work.orElseGet(() -> process.home().resolve("cache").resolve("pipelines")), settings).start();
            System.out.println("Cairn worker " + name + " ready: " + threads + " pipeline threads, database "
                    + (process.database.isPresent() ? "from --db" : "in " + process.home()));
        } catch (RuntimeException e) {
            metadata.close();
            throw e;
        }
        ProcessOptions.runUntilStopped(scheduler::close, metadata);
        return 0;
    }
}
