package dev.cairn.cli;

import dev.cairn.pipeline.run.ExecutionSettings;
import dev.cairn.pipeline.run.PipelineCancellation;
import dev.cairn.pipeline.run.PipelineExecutor;
import dev.cairn.pipeline.run.PipelineResult;
import dev.cairn.pipeline.run.RunOptions;
import dev.cairn.pipeline.run.StepOutcome;
import dev.cairn.pipeline.run.StepState;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.step.StepTypes;
import dev.cairn.pipeline.steps.BuiltInSteps;
import dev.cairn.pipeline.training.TrainingPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code cairn pipelines}: pipelines of steps, run against a server. */
@Command(name = "pipelines", mixinStandardHelpOptions = true, description = "Run pipelines of steps (dataset, sql, validate, split, train, gate, register, deploy, batch-score, java).",
        subcommands = {PipelinesCommand.RunPipeline.class, StoredPipelines.Create.class, StoredPipelines.ListPipelines.class,
                StoredPipelines.Show.class, StoredPipelines.Runs.class, StoredPipelines.Logs.class, StoredPipelines.Cancel.class,
                StoredPipelines.Resume.class, StoredPipelines.Schedule.class})
final class PipelinesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code cairn pipelines run FILE}: runs a pipeline file, or the pipeline a training spec
     * compiles to ({@link TrainingPipeline}), in this process, recording to the server; steps
     * whose cache key has a finished run are skipped. With {@code --resume}, the steps that
     * succeeded in that earlier run are reused when their inputs are unchanged. Exits 1 if a step
     * failed. {@code cairn pipelines run NAME} (not a file) asks the server to run the
     * stored pipeline of that name; {@code --follow} prints its steps until it is over.
     */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a pipeline file here (independent steps in parallel, unchanged steps from the cache), or a stored pipeline on the server's workers.")
    static final class RunPipeline implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE|NAME",
                description = "A pipeline file (YAML) or a training spec (train.yaml) to run here, or the name of a stored pipeline")
        String target;

        @Option(names = "--follow", description = "For a stored pipeline: print step states and logs until the run is over; exit 1 if it did not succeed")
        boolean follow;

        @Option(names = "--force", description = "Run every step, even those with a cached result")
        boolean force;

        @Option(names = "--resume", paramLabel = "RUN_ID",
                description = "Resume this failed run of the pipeline: reuse its succeeded steps whose inputs are unchanged, run the rest")
        Optional<String> resume;

        @Option(names = "--work", paramLabel = "DIR", description = "Where steps keep their files between runs (default: <CAIRN_HOME>/pipelines)")
        Optional<Path> work;

        @Option(names = "--param", paramLabel = "NAME=VALUE", mapFallbackValue = "",
                description = "A value of one of the pipeline's run parameters (declared under 'params'); repeat for more")
        Map<String, String> params = new LinkedHashMap<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path file = Path.of(target);
            if (!Files.isRegularFile(file) && !target.endsWith(".yaml") && !target.endsWith(".yml")) {
                if (resume.isPresent() || work.isPresent()) {
                    throw new IllegalArgumentException("--resume and --work are for pipeline files; resume a stored pipeline's run with "
                            + "`cairn pipelines resume " + target + " RUN`");
                }
                return StoredPipelines.run(client, out, target, force, params, follow);
            }
            StepTypes types = BuiltInSteps.types();
            // A training spec runs as the pipeline it compiles to, cached step by step as any pipeline.
            if (!params.isEmpty() && TrainingPipeline.isTrainingSpec(file)) {
                throw new IllegalArgumentException("--param is for pipelines that declare run parameters; a training spec has none");
            }
            PipelineSpec pipeline = TrainingPipeline.isTrainingSpec(file) ? TrainingPipeline.read(file, types)
                    : new PipelineSpecReader(types).read(file, params);
            CairnClient cairn = client.client();
            Path workRoot = work.orElseGet(() -> ProcessOptions.defaultHome().resolve("pipelines"));
            PipelineExecutor executor = new PipelineExecutor(types, new RestPipelineTracking(cairn),
                    new RestDatasetRegistrar(new DatasetRegistry(cairn)), new RestModelVersionRegistrar(cairn),
                    new RestModelVersionDeployer(cairn), ExecutionSettings.defaults(workRoot), new StepProgress(out));
            long started = System.nanoTime();
            PipelineCancellation cancellation = new PipelineCancellation();
            RunOptions options = RunOptions.defaults().withForce(force).withCancellation(cancellation);
            PipelineResult result;
            try (InterruptHook ignored = InterruptHook.cancelling(cancellation)) {
                result = executor.run(pipeline, resume.map(options::resumingFrom).orElse(options));
            }
            Map<StepState, Long> counts = result.steps().stream().collect(Collectors.groupingBy(StepOutcome::state, Collectors.counting()));
            out.printf("Pipeline %s %s in %s: %d ran, %d cached, %d failed, %d cancelled (run %s)%n", pipeline.name(),
                    result.succeeded() ? "finished" : result.cancelled() ? "CANCELLED" : "FAILED", StepProgress.seconds(Duration.ofNanos(System.nanoTime() - started)),
                    counts.getOrDefault(StepState.FINISHED, 0L), counts.getOrDefault(StepState.CACHED, 0L),
                    counts.getOrDefault(StepState.FAILED, 0L), counts.getOrDefault(StepState.CANCELLED, 0L) + counts.getOrDefault(StepState.KILLED, 0L), result.runId());
            out.flush();
            return result.succeeded() ? 0 : 1;
        }
    }
}
