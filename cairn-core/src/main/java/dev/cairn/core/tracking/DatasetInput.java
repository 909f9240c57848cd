package dev.cairn.core.tracking;

import dev.cairn.core.error.CairnException;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A dataset a run used, with the input's tags (for example {@code mlflow.data.context = train}).
 */
public record DatasetInput(Dataset dataset, List<Tag> tags) {
    /** The tag MLflow uses to say what the run did with the dataset (train, test, eval...). */
    public static final String CONTEXT_TAG = "mlflow.data.context";
    /** Most characters of an input's tags together, as stored (JSON); MLflow keeps input tags in rows of their own. */
    public static final int MAX_TAGS_LENGTH = 90_000;

    public DatasetInput {
        requireNonNull(dataset, "dataset is null");
        tags = List.copyOf(tags);
        tags.forEach(TrackingLimits::checkTag);
        int length = tags.stream().mapToInt(tag -> tag.key().length() + tag.value().length() + 20).sum();
        if (length > MAX_TAGS_LENGTH) {
            throw CairnException.invalidParameter("The tags of dataset input '" + dataset.name() + "' take about " + length
                    + " characters; at most " + MAX_TAGS_LENGTH + " are allowed together");
        }
    }
}
