package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.io.FolderTree;
import dev.cairn.train.spec.TrainSpec;
import dev.cairn.train.spec.TrainingRecord;
import dev.cairn.train.trainer.Algorithm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code cairn train --spec train.yaml}: runs a training pipeline against a server; and
 * {@code cairn train --from-run RUN}: repeats the training a run recorded, on the same data.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Run a training spec: register and validate data, split, tune, evaluate, gate and register the winner.",
                "With --from-run, repeat a recorded training and check that it gives the same predictions."})
final class TrainCommand implements Runnable {
    @Mixin
    ClientOptions client;

    @Spec
    CommandSpec spec;

    @Option(names = "--spec", paramLabel = "train.yaml", description = "The training spec")
    Path specFile;

    @Option(names = "--from-run", paramLabel = "RUN_ID", description = "Repeat the training recorded on this run (a candidate run of cairn train)")
    String fromRun;

    @Option(names = "--git-commit", paramLabel = "SHA",
            description = "The commit of the code and spec, recorded on the run (default: the spec folder's git HEAD, if any)")
    String gitCommit;

    @Override
    public void run() {
        if ((specFile == null) == (fromRun == null)) {
            throw CairnException.invalidParameter("Give --spec FILE or --from-run RUN_ID");
        }
        PrintWriter out = spec.commandLine().getOut();
        CairnClient cairn = client.client();
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory("cairn-train-");
            TrainingJob job = new TrainingJob(cairn, ScoreCommand.repository(client), out, workDir);
            TrainingJob.Outcome outcome = specFile != null ? runSpec(job) : repeat(job, cairn, workDir);
            out.printf("Parent run %s; winner run %s%n", outcome.parentRunId(), outcome.winnerRunId());
            if (!outcome.verdict().passed()) {
                throw CairnException.invalidParameter("The quality gate failed; the model was not registered");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or use the training's work folder under " + System.getProperty("java.io.tmpdir"), e);
        } finally {
            if (workDir != null) {
                FolderTree.deleteQuietly(workDir);
            }
        }
    }

    private TrainingJob.Outcome runSpec(TrainingJob job) {
        TrainSpec trainSpec = TrainSpec.read(specFile);
        Path specDir = specFile.toAbsolutePath().getParent();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlflow.source.name", specFile.toAbsolutePath().toString());
        tags.put("mlflow.source.type", "LOCAL");
        Optional.ofNullable(gitCommit).or(() -> gitHead(specDir)).ifPresent(sha -> tags.put("mlflow.source.git.commit", sha));
        return job.run(trainSpec, specDir, tags, Map.of());
    }

    private TrainingJob.Outcome repeat(TrainingJob job, CairnClient cairn, Path workDir) throws IOException {
        JsonNode run = cairn.get("/api/2.0/mlflow/runs/get", Map.of("run_id", fromRun)).path("run");
        String root = run.at("/info/artifact_uri").asText().replaceFirst("^mlflow-artifacts:/+", "");
        Path recordFile = workDir.resolve("recorded-" + TrainingRecord.FILE);
        try {
            cairn.download("/api/2.0/mlflow-artifacts/artifacts/" + root + "/" + TrainingRecord.FILE, Map.of(), recordFile);
        } catch (CairnClient.ServerError e) {
            throw CairnException.invalidParameter("Run " + fromRun + " has no " + TrainingRecord.FILE
                    + "; give the id of a candidate run that cairn train logged");
        }
        TrainingRecord record = TrainingRecord.read(recordFile);
        TrainSpec recorded = record.spec().retraining(Algorithm.parse(record.algorithm()), record.params());
        Path reference = workDir.resolve("recorded-model");
        downloadFolder(cairn, root + "/model", reference);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("cairn.retrained_from", fromRun);
        run.at("/data/tags").forEach(tag -> {
            if (tag.path("key").asText().equals("mlflow.source.git.commit")) {
                tags.put("mlflow.source.git.commit", tag.path("value").asText());
            }
        });
        out().printf("Repeating run %s: %s %s, seed %d%n", fromRun, record.algorithm(), record.params(), recorded.seed());
        // The record holds the spec's folder relative to where the training ran: repeat from the same folder.
        return job.run(recorded, record.specFolder(Path.of("").toAbsolutePath()), tags, record.digests(), Optional.of(reference));
    }

    private void downloadFolder(CairnClient cairn, String path, Path folder) throws IOException {
        JsonNode listing = cairn.get("/api/2.0/mlflow-artifacts/artifacts", Map.of("path", path));
        Files.createDirectories(folder);
        for (JsonNode file : listing.path("files")) {
            String name = file.path("path").asText();
            if (file.path("is_dir").asBoolean()) {
                downloadFolder(cairn, path + "/" + name, folder.resolve(name));
            } else {
                cairn.download("/api/2.0/mlflow-artifacts/artifacts/" + path + "/" + name, Map.of(), folder.resolve(name));
            }
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The HEAD commit of the git repository holding the folder, if git answers. */
    private static Optional<String> gitHead(Path folder) {
        try {
            Process git = new ProcessBuilder("git", "-C", folder.toString(), "rev-parse", "HEAD").redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes()).trim();
            boolean done = git.waitFor(5, TimeUnit.SECONDS);
            return done && git.exitValue() == 0 && output.matches("[0-9a-f]{40}") ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
