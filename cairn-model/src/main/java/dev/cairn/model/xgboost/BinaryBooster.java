package dev.cairn.model.xgboost;

import dev.cairn.core.error.CairnException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A two-class XGBoost model ({@code binary:logistic}: one tree per round, scoring the probability
 * of the second class). Training and serving both score through {@link #predict}, so a package
 * answers exactly what the trained model answered.
 *
 * @param booster the trained trees
 * @param classes the two classes: the first is label 0, the second label 1
 */
public record BinaryBooster(Booster booster, List<String> classes) {
    public BinaryBooster {
        requireNonNull(booster, "booster is null");
        classes = List.copyOf(classes);
        if (classes.size() != 2) {
            throw new IllegalArgumentException("a binary booster has two classes, not " + classes);
        }
    }

    /** Loads a booster saved by {@link #save}. */
    public static BinaryBooster load(Path file, List<String> classes) {
        try {
            return new BinaryBooster(XGBoost.loadModel(file.toString()), classes);
        } catch (XGBoostError e) {
            throw CairnException.invalidParameter("Cannot load XGBoost model " + file.getFileName() + ": " + e.getMessage());
        }
    }

    /** Loads a booster from the bytes of a file {@link #save} wrote (kept in memory to load more copies without the file). */
    public static BinaryBooster load(byte[] model, List<String> classes) {
        try {
            return new BinaryBooster(XGBoost.loadModel(model), classes);
        } catch (XGBoostError | IOException e) {
            throw CairnException.invalidParameter("Cannot load the XGBoost model: " + e.getMessage());
        }
    }

    /** Limits the threads one prediction uses. */
    public void threads(int threads) {
        try {
            booster.setParam("nthread", threads);
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost refused nthread " + threads + ": " + e.getMessage(), e);
        }
    }

    /** Saves the booster; XGBoost picks the format from the extension ({@code .ubj}: binary JSON, exact floats). */
    public void save(Path file) throws XGBoostError {
        booster.saveModel(file.toString());
    }

    /** Scores rows: each row's class and both classes' probabilities. */
    public ClassProbabilities predict(SparseRows rows) {
        float[][] scores;
        try {
            DMatrix matrix = rows.toDMatrix();
            try {
                scores = predict(matrix);
            } finally {
                matrix.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not score " + rows.rowCount() + " rows: " + e.getMessage(), e);
        }
        String[] labels = new String[scores.length];
        double[][] byClass = new double[2][scores.length];
        for (int r = 0; r < scores.length; r++) {
            double positive = scores[r][0];
            byClass[0][r] = 1.0 - positive;
            byClass[1][r] = positive;
            labels[r] = classes.get(positive > 0.5 ? 1 : 0);
        }
        return new ClassProbabilities(classes, labels, byClass);
    }

    // xgboost4j 1.6 does not promise that one booster predicts safely on several threads at once.
    private float[][] predict(DMatrix matrix) throws XGBoostError {
        synchronized (booster) {
            return booster.predict(matrix);
        }
    }
}
