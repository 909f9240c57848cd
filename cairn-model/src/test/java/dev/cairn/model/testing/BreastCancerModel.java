package dev.cairn.model.testing;

import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.model.signature.Signature;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Tribuo logistic regression trained on the Wisconsin breast cancer data set
 * ({@code examples/data/breast_cancer.csv}), and its export as a Cairn ONNX package. Features
 * are standardized (z-scores) first: the raw ones reach the thousands, where the float32 inputs
 * of the ONNX graph would cost more precision than the 1e-5 the parity test allows.
 */
public final class BreastCancerModel {
    private final List<String> featureNames;
    private final List<double[]> rows;
    private final LinearSGDModel model;

    private BreastCancerModel(List<String> featureNames, List<double[]> rows, LinearSGDModel model) {
        this.featureNames = featureNames;
        this.rows = rows;
        this.model = model;
    }

    /** Trains the model on the example data set. */
    public static BreastCancerModel train() {
        Path data = exampleData().resolve("breast_cancer.csv");
        List<String> lines;
        try {
            lines = Files.readAllLines(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] header = lines.get(0).split(",");
        int featureCount = Integer.parseInt(header[1]);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < featureCount; i++) {
            names.add(String.format("f%02d", i));
        }
        String[] classes = {header[2], header[3]};
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("breast_cancer.csv", new LabelFactory()), new LabelFactory());
        List<double[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            double[] values = new double[featureCount];
            for (int i = 0; i < featureCount; i++) {
                values[i] = Double.parseDouble(fields[i]);
            }
            rows.add(values);
            labels.add(classes[Integer.parseInt(fields[featureCount].trim())]);
        }
        standardize(rows, featureCount);
        for (int r = 0; r < rows.size(); r++) {
            dataset.add(new ArrayExample<>(new Label(labels.get(r)), names.toArray(String[]::new), rows.get(r)));
        }
        LinearSGDModel model = (LinearSGDModel) new LogisticRegressionTrainer().train(dataset);
        return new BreastCancerModel(names, rows, model);
    }

    private static void standardize(List<double[]> rows, int featureCount) {
        for (int i = 0; i < featureCount; i++) {
            double sum = 0;
            double squares = 0;
            for (double[] row : rows) {
                sum += row[i];
                squares += row[i] * row[i];
            }
            double mean = sum / rows.size();
            double std = Math.sqrt(Math.max(squares / rows.size() - mean * mean, 1e-12));
            for (double[] row : rows) {
                row[i] = (row[i] - mean) / std;
            }
        }
    }

    /**
     * The project's example data folder ({@code examples/data}), found from the module's working
     * directory: tests run with a module as their working directory, tools from the root.
     */
    public static Path exampleData() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/data not found above " + Path.of("").toAbsolutePath());
    }

    /** The data's rows, in file order. */
    public List<double[]> rows() {
        return rows;
    }

    /** Tribuo's own probability of each class for a row. */
    public Map<String, Double> tribuoProbabilities(double[] row) {
        Example<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames.toArray(String[]::new), row);
        Prediction<Label> prediction = model.predict(example);
        Map<String, Double> scores = new HashMap<>();
        prediction.getOutputScores().forEach((name, label) -> scores.put(name, label.getScore()));
        return scores;
    }

    /**
     * Exports the model to ONNX and writes a package around it: the ONNX graph's input columns are
     * in Tribuo's feature-id order, its outputs in Tribuo's output-id order.
     */
    public ModelPackage exportPackage(Path folder, int exampleRows) {
        try {
            Files.createDirectories(folder);
            model.saveONNXModel("dev.cairn.test", 1, folder.resolve("model.onnx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writePackage(folder, ModelFlavor.ONNX, "model.onnx", exampleRows);
    }

    /** Saves the model in Tribuo's protobuf format and writes a {@code tribuo} package around it. */
    public ModelPackage exportTribuoPackage(Path folder, int exampleRows) {
        try {
            Files.createDirectories(folder);
            model.serializeToFile(folder.resolve("model.tribuo"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writePackage(folder, ModelFlavor.TRIBUO, "model.tribuo", exampleRows);
    }

    private ModelPackage writePackage(Path folder, ModelFlavor flavor, String modelFile, int exampleRows) {
        List<String> inputOrder = new ArrayList<>();
        model.getFeatureIDMap().forEach(info -> inputOrder.add(info.getName()));
        inputOrder.sort(null);
        List<String> classes = new ArrayList<>();
        for (int k = 0; k < model.getOutputIDInfo().size(); k++) {
            classes.add(model.getOutputIDInfo().getOutput(k).getLabel());
        }
        StringBuilder csv = new StringBuilder(String.join(",", inputOrder)).append('\n');
        for (double[] row : rows.subList(0, exampleRows)) {
            List<String> cells = new ArrayList<>();
            for (String name : inputOrder) {
                cells.add(Double.toString(row[featureNames.indexOf(name)]));
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        try {
            Files.writeString(folder.resolve("input_example.csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ColumnSpec> inputs = inputOrder.stream().map(name -> new ColumnSpec(name, ColumnType.DOUBLE, false)).toList();
        List<ColumnSpec> outputs = new ArrayList<>(List.of(new ColumnSpec("label", ColumnType.STRING, false)));
        classes.forEach(label -> outputs.add(new ColumnSpec("probability_" + label, ColumnType.DOUBLE, false)));
        ModelPackage modelPackage = new ModelPackage(folder, new ModelDescriptor("breast-cancer", flavor, modelFile,
                List.of(modelFile, "input_example.csv"), new Signature(inputs, outputs), Optional.of("input_example.csv"),
                classes, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Map.of("trainer", "tribuo LogisticRegressionTrainer")));
        modelPackage.write();
        return modelPackage;
    }

    /** The feature names, in data set column order. */
    public List<String> featureNames() {
        return featureNames;
    }
}
