package dev.cairn.pipeline.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.pipeline.step.DatasetOutput;
import dev.cairn.pipeline.step.FileOutput;
import dev.cairn.pipeline.step.ModelVersionOutput;
import dev.cairn.pipeline.step.Output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A step's outputs as the JSON of its {@link PipelineTags#OUTPUTS} tag, and back. */
final class OutputsJson {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Output>> OUTPUTS = new TypeReference<>() {
    };

    private OutputsJson() {
    }

    static String write(Map<String, Output> outputs) {
        try {
            return JSON.writerFor(OUTPUTS).writeValueAsString(new LinkedHashMap<>(outputs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outputs are records of text, numbers and paths", e);
        }
    }

    /**
     * Reads outputs back for reuse, or nothing when they cannot be reused here: a file an output
     * names is gone or no longer has its recorded digest (another machine's run, or a file written
     * since), so a hit never hands a step different bytes than the key promised.
     */
    static Optional<Map<String, Output>> readReusable(String json, FileDigests digests) {
        Map<String, Output> outputs;
        try {
            outputs = JSON.readValue(json, OUTPUTS);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        for (Output output : outputs.values()) {
            Optional<Path> file = localPath(output);
            if (file.isPresent() && !(Files.exists(file.get()) && digests.of(file.get()).equals(output.digest()))) {
                return Optional.empty();
            }
        }
        return Optional.of(outputs);
    }

    /** The file or folder on this machine an output's content is in; metrics have none. */
    static Optional<Path> localPath(Output output) {
        if (output instanceof DatasetOutput dataset) {
            return Optional.of(dataset.path());
        }
        if (output instanceof FileOutput file) {
            return Optional.of(file.path());
        }
        if (output instanceof ModelVersionOutput version) {
            return Optional.of(version.path());
        }
        return Optional.empty();
    }
}
