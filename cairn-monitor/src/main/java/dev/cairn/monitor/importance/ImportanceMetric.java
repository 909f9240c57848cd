package dev.cairn.monitor.importance;

/**
 * What permutation importance measures. With labels, the drop of a score (higher is better); without,
 * how far the model's answers move when an input is shuffled, which says what the model relies on,
 * not whether it is right.
 */
public enum ImportanceMetric {
    /** Drop of the ROC AUC of a binary classifier's positive-class probability against the labels. */
    ROC_AUC("roc_auc", true),
    /** Drop of a binary classifier's accuracy against the labels, when the labels hold one class only (no AUC). */
    ACCURACY("accuracy", true),
    /** Mean absolute change of a binary classifier's positive-class probability. */
    PROBABILITY_CHANGE("mean_absolute_probability_change", false),
    /** Mean absolute change of a regressor's prediction. */
    PREDICTION_CHANGE("mean_absolute_prediction_change", false),
    /** Share of rows whose predicted label changes (a classifier of more than two classes). */
    LABEL_CHANGE("changed_label_share", false);

    private final String wireName;
    private final boolean labelled;

    ImportanceMetric(String wireName, boolean labelled) {
        this.wireName = wireName;
        this.labelled = labelled;
    }

    /** The name reports use. */
    public String wireName() {
        return wireName;
    }

    /** Whether the metric scores the model against labels (importance is its drop) or measures a change of its answers. */
    public boolean labelled() {
        return labelled;
    }
}
