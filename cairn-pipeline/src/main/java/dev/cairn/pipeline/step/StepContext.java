package dev.cairn.pipeline.step;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What a running step is given.
 *
 * @param step        the step's name in the pipeline
 * @param runId       the step's tracking run, which a step names in what it writes (a model package's provenance)
 * @param params      the parameters, with every {@code ${steps...}} reference replaced by the output's file path
 * @param inputs      the outputs named under {@code inputs:}, by input name
 * @param log         where the step writes its log (uploaded as {@code logs/<step>.log})
 * @param workFolder  a folder of this step's own, kept between runs, for the files it writes
 * @param specFolder  the pipeline file's folder, against which {@code file} parameters resolve
 * @param datasets    where dataset versions are registered
 * @param models      where model versions are registered
 * @param deployer    where aliases and deployments are pointed at model versions
 */
public record StepContext(String step, String runId, JsonNode params, Map<String, Output> inputs, PrintWriter log, Path workFolder,
                          Path specFolder, DatasetRegistrar datasets, ModelVersionRegistrar models, ModelVersionDeployer deployer) {
    public StepContext {
        requireNonNull(step, "step is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(params, "params is null");
        inputs = Map.copyOf(inputs);
        requireNonNull(log, "log is null");
        requireNonNull(workFolder, "workFolder is null");
        requireNonNull(specFolder, "specFolder is null");
        requireNonNull(datasets, "datasets is null");
        requireNonNull(models, "models is null");
        requireNonNull(deployer, "deployer is null");
    }

    /** A text parameter (validation has checked that required ones exist). */
    public String text(String param) {
        return params.path(param).asText();
    }

    /** A {@code file} parameter as a path: as written when absolute, else against the pipeline file's folder. */
    public Path file(String param) {
        return specFolder.resolve(text(param));
    }

    /** The file of a table input: a dataset version's content or a file a step wrote. */
    public Path table(String input) {
        Output output = inputs.get(input);
        if (output instanceof DatasetOutput dataset) {
            return dataset.path();
        }
        if (output instanceof FileOutput file) {
            return file.path();
        }
        throw CairnException.invalidParameter("Step '" + step + "': input '" + input + "' is not a table (" + output + ")");
    }

    /** The package folder of a model input: a folder a step wrote or a registered version's package. */
    public Path modelFolder(String input) {
        Output output = inputs.get(input);
        if (output instanceof FileOutput file) {
            return file.path();
        }
        if (output instanceof ModelVersionOutput version) {
            return version.path();
        }
        throw CairnException.invalidParameter("Step '" + step + "': input '" + input + "' is not a model (" + output + ")");
    }

    /** An integer parameter, or {@code otherwise} when the spec leaves it out. */
    public int integer(String param, int otherwise) {
        return params.path(param).asInt(otherwise);
    }
}
