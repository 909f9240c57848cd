package dev.cairn.train.trainer;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.xgboost.ClassProbabilities;
import dev.cairn.model.xgboost.SparseRows;
import dev.cairn.train.eval.Predictions;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Encoded feature rows with their target, ready for Tribuo: examples are sparse (a zero feature
 * is left out, as one-hot columns are mostly zeros), and any subset of rows can be trained on or
 * scored, which is how cross-validation folds are made. A two-class XGBoost model is trained by
 * xgboost4j on a sparse matrix of the same rows instead ({@link XGBoostBinaryTrainer}), and a
 * two-class logistic regression over the same matrix's arrays ({@link LogisticBinaryTrainer}); a
 * zero is left out there too.
 */
public final class TrainingSet {
    private final Task task;
    private final String[] featureNames;
    private final double[][] features;
    private final String[] labels;
    private final List<String> classes;
    private final double[] targets;
    /** Every row as a sparse matrix, built when a sparse trainer first needs rows, then shared by every fold and trial. */
    private SparseRows everyRow;

    private TrainingSet(Task task, Frame encoded, String[] labels, double[] targets) {
        this.task = task;
        List<Column> columns = encoded.columns();
        this.featureNames = columns.stream().map(Column::name).toArray(String[]::new);
        this.features = new double[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            features[c] = ((Column.Numbers) columns.get(c)).values();
        }
        this.labels = labels;
        this.classes = labels == null ? List.of() : List.copyOf(new TreeSet<>(Arrays.asList(labels)));
        this.targets = targets;
    }

    /**
     * Encoded rows and the raw target column: its text is the class for classification, its
     * value the number for regression. Rows whose target is missing are refused.
     */
    public static TrainingSet of(Task task, Frame encoded, Column target) {
        if (target.size() != encoded.rowCount()) {
            throw new IllegalArgumentException("the target and the features differ in length");
        }
        for (int r = 0; r < target.size(); r++) {
            if (target.isNull(r)) {
                throw CairnException.invalidParameter("The target column '" + target.name() + "' is missing in row " + r
                        + "; drop or fill such rows before training");
            }
        }
        if (task == Task.CLASSIFICATION) {
            String[] labels = new String[target.size()];
            for (int r = 0; r < labels.length; r++) {
                labels[r] = target.text(r);
            }
            return new TrainingSet(task, encoded, labels, null);
        }
        if (!(target instanceof Column.Numbers numbers)) {
            throw CairnException.invalidParameter("A regression target must be numeric; '" + target.name() + "' holds text");
        }
        return new TrainingSet(task, encoded, null, numbers.values());
    }

    /** The number of rows. */
    public int size() {
        return features.length == 0 ? (labels != null ? labels.length : targets.length) : features[0].length;
    }

    /** Classification or regression. */
    public Task task() {
        return task;
    }

    /** The distinct classes, sorted (classification only). */
    public List<String> classes() {
        return classes;
    }

    /** The class of each row (classification only). */
    public String[] labels() {
        return labels;
    }

    /** The target of each row (regression only). */
    public double[] targets() {
        return targets;
    }

    /** Every row index, in order. */
    public int[] allRows() {
        int[] rows = new int[size()];
        Arrays.setAll(rows, i -> i);
        return rows;
    }

    /**
     * Trains a model on the given rows: XGBoost on two classes through xgboost4j, logistic
     * regression on two classes over the CSR arrays, everything else through Tribuo.
     */
    public FittedModel train(Algorithm algorithm, Map<String, ?> params, long seed, int threads, int[] rows) {
        if (algorithm.task() != task) {
            throw CairnException.invalidParameter(algorithm.specName() + " is a " + algorithm.task().name().toLowerCase()
                    + " algorithm, but the target asks for " + task.name().toLowerCase());
        }
        if (algorithm == Algorithm.XGBOOST_CLASSIFIER && classes.size() == 2) {
            return trainBinaryBooster(algorithm.resolve(params), seed, threads, rows);
        }
        if (algorithm == Algorithm.LOGISTIC_REGRESSION && classes.size() == 2) {
            return trainBinaryLogistic(LogisticBinaryTrainer.of(algorithm.resolve(params), seed), rows);
        }
        Trainer<?> trainer = algorithm.trainer(params, seed, threads);
        if (task == Task.CLASSIFICATION) {
            @SuppressWarnings("unchecked")
            Trainer<Label> classifier = (Trainer<Label>) trainer;
            return new FittedModel.Tribuo(classifier.train(dataset(new LabelFactory(), rows)));
        }
        @SuppressWarnings("unchecked")
        Trainer<Regressor> regressor = (Trainer<Regressor>) trainer;
        return new FittedModel.Tribuo(regressor.train(dataset(new RegressionFactory(), rows)));
    }

    private FittedModel trainBinaryBooster(Map<String, Object> params, long seed, int threads, int[] rows) {
        String positive = classes.get(1);
        float[] binary = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            binary[i] = labels[rows[i]].equals(positive) ? 1f : 0f;
        }
        return new FittedModel.XGBoostBinary(new XGBoostBinaryTrainer(params, seed, threads)
                .train(sparseRows(rows), binary, classes), List.of(featureNames));
    }

    private FittedModel trainBinaryLogistic(LogisticBinaryTrainer trainer, int[] rows) {
        String positive = classes.get(1);
        boolean[] binary = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            binary[i] = labels[rows[i]].equals(positive);
        }
        return new FittedModel.LogisticBinary(trainer.train(sparseRows(rows), binary, classes, List.of(featureNames)));
    }

    /**
     * The given rows as a sparse matrix, gathered from the matrix of all rows: cross-validation
     * trains and scores many subsets, and building each from the feature arrays swept all of them
     * every time.
     */
    private SparseRows sparseRows(int[] rows) {
        return everyRow().select(rows);
    }

    // Trials run on several threads at once; the first to get here builds the matrix.
    private synchronized SparseRows everyRow() {
        if (everyRow == null) {
            everyRow = SparseRows.of(features, allRows());
        }
        return everyRow;
    }

    /** A Tribuo dataset of the given rows. */
    @SuppressWarnings("unchecked")
    <T extends Output<T>> Dataset<T> dataset(OutputFactory<T> factory, int[] rows) {
        MutableDataset<T> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("cairn training rows", factory), factory);
        for (int row : rows) {
            T output = task == Task.CLASSIFICATION ? (T) new Label(labels[row]) : (T) new Regressor("target", targets[row]);
            dataset.add(example(output, row));
        }
        return dataset;
    }

    /** Scores the given rows with a model trained on this set's features. */
    public Predictions predict(FittedModel model, List<String> classes, int[] rows) {
        if (model instanceof FittedModel.XGBoostBinary booster) {
            requireFeatures(booster.features());
            return inClassOrder(booster.booster().predict(sparseRows(rows)), classes, rows);
        }
        if (model instanceof FittedModel.LogisticBinary logistic) {
            requireFeatures(logistic.model().features());
            return inClassOrder(logistic.model().predict(sparseRows(rows)), classes, rows);
        }
        return predict(((FittedModel.Tribuo) model).model(), classes, rows);
    }

    private void requireFeatures(List<String> trained) {
        if (!trained.equals(List.of(featureNames))) {
            throw new IllegalArgumentException("the model was trained on other features than these rows have");
        }
    }

    private static Predictions inClassOrder(ClassProbabilities scored, List<String> classes, int[] rows) {
        double[][] probabilities = new double[rows.length][classes.size()];
        for (int k = 0; k < classes.size(); k++) {
            int scoredClass = scored.classes().indexOf(classes.get(k));
            for (int i = 0; scoredClass >= 0 && i < rows.length; i++) {
                probabilities[i][k] = scored.byClass()[scoredClass][i];
            }
        }
        return new Predictions.Classes(classes, scored.labels(), probabilities);
    }

    @SuppressWarnings("unchecked")
    private Predictions predict(Model<?> model, List<String> classes, int[] rows) {
        if (task == Task.CLASSIFICATION) {
            Model<Label> classifier = (Model<Label>) model;
            List<Example<Label>> examples = new ArrayList<>(rows.length);
            for (int row : rows) {
                examples.add(example(LabelFactory.UNKNOWN_LABEL, row));
            }
            List<Prediction<Label>> predictions = classifier.predict(examples);
            String[] predicted = new String[rows.length];
            double[][] probabilities = new double[rows.length][classes.size()];
            for (int i = 0; i < rows.length; i++) {
                Prediction<Label> prediction = predictions.get(i);
                predicted[i] = prediction.getOutput().getLabel();
                for (int k = 0; k < classes.size(); k++) {
                    Label score = prediction.getOutputScores().get(classes.get(k));
                    probabilities[i][k] = score == null ? 0.0 : score.getScore();
                }
            }
            return new Predictions.Classes(classes, predicted, probabilities);
        }
        Model<Regressor> regressor = (Model<Regressor>) model;
        List<Example<Regressor>> examples = new ArrayList<>(rows.length);
        for (int row : rows) {
            examples.add(example(RegressionFactory.UNKNOWN_REGRESSOR, row));
        }
        List<Prediction<Regressor>> predictions = regressor.predict(examples);
        double[] values = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = predictions.get(i).getOutput().getValues()[0];
        }
        return new Predictions.Numbers(values);
    }

    private <T extends Output<T>> Example<T> example(T output, int row) {
        String[] names = new String[featureNames.length];
        double[] values = new double[featureNames.length];
        int present = 0;
        for (int c = 0; c < featureNames.length; c++) {
            double value = features[c][row];
            if (value != 0.0) {
                names[present] = featureNames[c];
                values[present++] = value;
            }
        }
        if (present == 0 && featureNames.length > 0) {
            // Tribuo refuses an example without features; an explicit zero says "all zero".
            names[0] = featureNames[0];
            present = 1;
        }
        return new ArrayExample<>(output, Arrays.copyOf(names, present), Arrays.copyOf(values, present));
    }
}
