package dev.cairn.model.xgboost;

import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;

import java.util.ArrayList;
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

    /** The answers as a predictor's output: {@code label}, then {@code probability_<class>} per class. */
    public Frame toFrame() {
        List<Column> output = new ArrayList<>();
        output.add(new Column.Strings("label", labels));
        for (int k = 0; k < classes.size(); k++) {
            output.add(Column.Numbers.ofDoubles("probability_" + classes.get(k), byClass[k]));
        }
        return new Frame(output);
    }
}
