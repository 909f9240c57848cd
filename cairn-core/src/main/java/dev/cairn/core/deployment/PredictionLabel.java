package dev.cairn.core.deployment;

import dev.cairn.core.error.CairnException;

import static java.util.Objects.requireNonNull;

/** The ground truth of one prediction, attached after the fact by the prediction's id. */
public record PredictionLabel(String predictionId, String label) {
    /** The longest prediction id accepted (Cairn's own are 32 characters). */
    public static final int MAX_ID_LENGTH = 64;

    public PredictionLabel {
        requireNonNull(predictionId, "predictionId is null");
        requireNonNull(label, "label is null");
        if (predictionId.isBlank() || predictionId.length() > MAX_ID_LENGTH) {
            throw CairnException.invalidParameter("A prediction id must have 1 to " + MAX_ID_LENGTH + " characters; got '"
                    + (predictionId.length() > MAX_ID_LENGTH ? predictionId.substring(0, MAX_ID_LENGTH) + "..." : predictionId) + "'");
        }
    }
}
