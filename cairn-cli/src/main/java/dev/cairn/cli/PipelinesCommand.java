package dev.cairn.cli;

import dev.cairn.pipeline.run.ExecutionSettings;
import dev.cairn.pipeline.run.PipelineExecutor;
import dev.cairn.pipeline.run.PipelineResult;
import dev.cairn.pipeline.run.RunOptions;
import dev.cairn.pipeline.run.StepOutcome;
import dev.cairn.pipeline.run.StepState;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.step.StepTypes;
import dev.cairn.pipeline.steps.BuiltInSteps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code cairn pipelines}: pipelines of steps, run against a server. */
@Command(name = "pipelines", mixinStandardHelpOptions = true, description = "Run pipelines of steps (dataset, sql, validate, split, train, gate, register, deploy, batch-score, java).",
        subcommands = {PipelinesCommand.RunPipeline.class})
final class PipelinesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code cairn pipelines run FILE}: runs a pipeline file in this process, recording to the
     * server; steps whose cache key has a finished run are skipped. With {@code --resume}, the
     * steps that succeeded in that earlier run are reused when their inputs are unchanged. Exits 1
     * if a step failed.
     */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a pipeline file: independent steps in parallel, unchanged steps taken from the cache.")
    static final class RunPipeline implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (YAML)")
        Path file;

        @Option(names = "--force", description = "Run every step, even those with a cached result")
        boolean force;

        @Option(names = "--resume", paramLabel = "RUN_ID",
                description = "Resume this failed run of the pipeline: reuse its succeeded steps whose inputs are unchanged, run the rest")
        Optional<String> resume;

        @Option(names = "--work", paramLabel = "DIR", description = "Where steps keep their files between runs (default: <CAIRN_HOME>/pipelines)")
        Optional<Path> work;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            StepTypes types = BuiltInSteps.types();
            PipelineSpec pipeline = new PipelineSpecReader(types).read(file);
            CairnClient cairn = client.client();
            Path workRoot = work.orElseGet(() -> ProcessOptions.defaultHome().resolve("pipelines"));
            PipelineExecutor executor = new PipelineExecutor(types, new RestPipelineTracking(cairn),
                    new RestDatasetRegistrar(new DatasetRegistry(cairn)), new RestModelVersionRegistrar(cairn),
                    new RestModelVersionDeployer(cairn), ExecutionSettings.defaults(workRoot), new StepProgress(out));
            long started = System.nanoTime();
            RunOptions options = RunOptions.defaults().withForce(force);
            PipelineResult result = executor.run(pipeline, resume.map(options::resumingFrom).orElse(options));
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
