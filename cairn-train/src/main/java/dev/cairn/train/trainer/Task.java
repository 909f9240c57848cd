package dev.cairn.train.trainer;

/** What a model predicts: a class or a number. */
public enum Task {
    CLASSIFICATION,
    REGRESSION
}
