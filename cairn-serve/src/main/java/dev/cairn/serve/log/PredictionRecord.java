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
 * @param inputsJson the row's inputs as a JSON object
 * @param outputsJson the row's outputs as a JSON object
 */
public record PredictionRecord(String predictionId, String deployment, String model, int modelVersion, String arm,
                               long timestamp, long latencyMicros, String inputsJson, String outputsJson) {
    public PredictionRecord {
        requireNonNull(predictionId, "predictionId is null");
        requireNonNull(deployment, "deployment is null");
        requireNonNull(model, "model is null");
        requireNonNull(arm, "arm is null");
        requireNonNull(inputsJson, "inputsJson is null");
        requireNonNull(outputsJson, "outputsJson is null");
    }
}
