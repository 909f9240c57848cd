package dev.cairn.serve.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.model.frame.Frame;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An Open Inference Protocol v2 infer request, read by {@link OipCodec#readRequest}.
 *
 * @param id the request's {@code id}, which the response echoes, if the caller gave one
 * @param inputs the input tensors as columns named after the model's signature inputs, not yet
 *               conformed to the signature's types (the model does that)
 * @param parameters the request's top-level {@code parameters}; an empty object when absent. It is
 *                   the parsed request's own node, not a copy, so it costs nothing on the hot path
 */
public record InferenceRequest(Optional<String> id, Frame inputs, ObjectNode parameters) {
    public InferenceRequest {
        requireNonNull(id, "id is null");
        requireNonNull(inputs, "inputs is null");
        requireNonNull(parameters, "parameters is null");
    }
}
