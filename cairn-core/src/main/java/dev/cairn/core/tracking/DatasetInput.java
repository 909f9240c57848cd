package dev.cairn.core.tracking;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A dataset a run used, with the input's tags (for example {@code mlflow.data.context = train}).
 */
public record DatasetInput(Dataset dataset, List<Tag> tags) {
    /** The tag MLflow uses to say what the run did with the dataset (train, test, eval...). */
    public static final String CONTEXT_TAG = "mlflow.data.context";

    public DatasetInput {
        requireNonNull(dataset, "dataset is null");
        tags = List.copyOf(tags);
        tags.forEach(TrackingLimits::checkTag);
    }
}
