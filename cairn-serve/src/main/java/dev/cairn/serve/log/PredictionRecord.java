package dev.cairn.serve.log;

import static java.util.Objects.requireNonNull;

/**
 * One scored row as the prediction log keeps it.
 *
 * @param predictionId the id the response gave the caller, by which labels are attached later
 * @param deployment the deployment that answered
 * @param model the registered model's name
 * @param modelVersion the version that scored the row
 * @param arm the traffic arm: {@code stable}, {@code canary}, {@code shadow}, or an A/B arm's name
 * @param timestamp when the request arrived, epoch milliseconds
 * @param latencyMicros how long scoring the request took
 * @param inputs the row's inputs
 * @param outputs the row's outputs
 */
public record PredictionRecord(String predictionId, String deployment, String model, int modelVersion, String arm,
                               long timestamp, long latencyMicros, LoggedRow inputs, LoggedRow outputs) {
    public PredictionRecord {
        requireNonNull(predictionId, "predictionId is null");
        requireNonNull(deployment, "deployment is null");
        requireNonNull(model, "model is null");
        requireNonNull(arm, "arm is null");
        requireNonNull(inputs, "inputs is null");
        requireNonNull(outputs, "outputs is null");
    }

    /** This record with its rows cut out of their frames, to be kept long without the rest of a large request. */
    public PredictionRecord detached() {
        LoggedRow detachedInputs = inputs.detached();
        LoggedRow detachedOutputs = outputs.detached();
        return detachedInputs == inputs && detachedOutputs == outputs ? this : new PredictionRecord(predictionId, deployment,
                model, modelVersion, arm, timestamp, latencyMicros, detachedInputs, detachedOutputs);
    }

    /** The row's inputs as a JSON object, rendered now: the log's writer thread calls this, not the request's. */
    public String inputsJson() {
        return inputs.json();
    }

    /** The row's outputs as a JSON object, rendered now. */
    public String outputsJson() {
        return outputs.json();
    }
}
