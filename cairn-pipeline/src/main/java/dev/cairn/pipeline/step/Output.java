package dev.cairn.pipeline.step;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a step produced, typed. Every output has a content digest: downstream cache keys are built
 * from digests, never from names or paths, so a renamed file with the same bytes is a hit and a
 * file rewritten in place is a miss. Outputs are recorded as JSON on the step's run, which is
 * where a cache hit reads them back from.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DatasetOutput.class, name = "dataset"),
        @JsonSubTypes.Type(value = FileOutput.class, name = "file"),
        @JsonSubTypes.Type(value = MetricsOutput.class, name = "metrics"),
        @JsonSubTypes.Type(value = ModelVersionOutput.class, name = "model_version")})
public sealed interface Output permits DatasetOutput, FileOutput, MetricsOutput, ModelVersionOutput {
    /** The sha256 of the output's content. */
    String digest();
}
