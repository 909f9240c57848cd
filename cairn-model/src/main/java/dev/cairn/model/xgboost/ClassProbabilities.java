package dev.cairn.model.xgboost;

import java.util.List;

/**
 * A classifier's answers for a batch of rows.
 *
 * @param classes the classes, in the order of {@code byClass}
 * @param labels the predicted class of each row
 * @param byClass for each class, its probability in each row
 */
public record ClassProbabilities(List<String> classes, String[] labels, double[][] byClass) {
    public ClassProbabilities {
        classes = List.copyOf(classes);
        if (byClass.length != classes.size()) {
            throw new IllegalArgumentException("one probability array per class is needed");
        }
    }
}
