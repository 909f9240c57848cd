package dev.cairn.train.pkg;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.model.encoding.FeatureEncoding;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.CsvFrames;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.linear.BinaryLogistic;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.signature.Signature;
import dev.cairn.train.trainer.FittedModel;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Output;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a trained Tribuo model as a Cairn package whose signature is the raw columns: the fitted
 * encoding goes into {@code cairn-model.yaml} with its features in the model's order. Models
 * Tribuo can export ({@link ONNXExportable}: the linear and factorization-machine models) become
 * ONNX packages; the others (XGBoost on more than two classes, or regression) keep Tribuo's own
 * format. A two-class booster trained by xgboost4j is saved in XGBoost's format
 * ({@link ModelFlavor#XGBOOST}), and a two-class logistic regression as its coefficients and
 * intercept ({@link ModelFlavor#LINEAR}), their matrix columns being the encoding's features in order.
 */
public final class TrainedModelPackage {
    /** The rows of the training data saved as the package's input example. */
    public static final int EXAMPLE_ROWS = 5;

    private TrainedModelPackage() {
    }

    /**
     * Writes the package into {@code folder}.
     *
     * @param encoding the encoding fitted on the training rows
     * @param example raw rows (at least the encoding's columns) to save as the input example
     */
    public static ModelPackage write(FittedModel model, FeatureEncoding encoding, Frame example, String name, Path folder,
                                     Map<String, String> metadata) {
        if (model instanceof FittedModel.XGBoostBinary booster) {
            return writeBooster(booster, encoding, example, name, folder, metadata);
        }
        if (model instanceof FittedModel.LogisticBinary logistic) {
            return writeLogistic(logistic.model(), encoding, example, name, folder, metadata);
        }
        return writeTribuo(((FittedModel.Tribuo) model).model(), encoding, example, name, folder, metadata);
    }

    private static ModelPackage writeBooster(FittedModel.XGBoostBinary model, FeatureEncoding encoding, Frame example, String name,
                                             Path folder, Map<String, String> metadata) {
        FeatureEncoding ordered = new FeatureEncoding(encoding.transforms(), model.features());
        String modelFile = "model.ubj";
        try {
            Files.createDirectories(folder);
            model.booster().save(folder.resolve(modelFile));
            writeExample(example, ordered, folder);
        } catch (IOException | XGBoostError | RuntimeException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Cannot write the model package to " + folder + ": " + e.getMessage(), e);
        }
        // The booster's own parameters are inside model.ubj; the metadata says what made it.
        Map<String, String> described = new TreeMap<>(metadata);
        described.putIfAbsent("trainer", "xgboost4j binary:logistic");
        return writeDescriptor(name, ModelFlavor.XGBOOST, modelFile, ordered, model.booster().classes(), folder, described);
    }

    private static ModelPackage writeLogistic(BinaryLogistic model, FeatureEncoding encoding, Frame example, String name,
                                              Path folder, Map<String, String> metadata) {
        FeatureEncoding ordered = new FeatureEncoding(encoding.transforms(), model.features());
        String modelFile = "model.json";
        try {
            Files.createDirectories(folder);
            model.save(folder.resolve(modelFile));
            writeExample(example, ordered, folder);
        } catch (IOException | RuntimeException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Cannot write the model package to " + folder + ": " + e.getMessage(), e);
        }
        Map<String, String> described = new TreeMap<>(metadata);
        described.putIfAbsent("trainer", "cairn binary logistic regression (SGD, AdaGrad)");
        return writeDescriptor(name, ModelFlavor.LINEAR, modelFile, ordered, model.classes(), folder, described);
    }

    private static ModelPackage writeTribuo(Model<?> model, FeatureEncoding encoding, Frame example, String name, Path folder,
                                            Map<String, String> metadata) {
        List<String> classes = classLabels(model);
        FeatureEncoding ordered = new FeatureEncoding(encoding.transforms(), modelFeatures(model, encoding));
        boolean onnx = model instanceof ONNXExportable;
        String modelFile = onnx ? "model.onnx" : "model.tribuo";
        try {
            Files.createDirectories(folder);
            if (onnx) {
                ((ONNXExportable) model).saveONNXModel("dev.cairn", 1, folder.resolve(modelFile));
            } else {
                model.serializeToFile(folder.resolve(modelFile));
            }
            writeExample(example, ordered, folder);
        } catch (IOException | RuntimeException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Cannot write the model package to " + folder + ": " + e.getMessage(), e);
        }
        return writeDescriptor(name, onnx ? ModelFlavor.ONNX : ModelFlavor.TRIBUO, modelFile, ordered, classes, folder, metadata);
    }

    private static void writeExample(Frame example, FeatureEncoding encoding, Path folder) throws IOException {
        try (Writer out = Files.newBufferedWriter(folder.resolve("input_example.csv"))) {
            CsvFrames.write(exampleRows(example, encoding), out);
        }
    }

    private static ModelPackage writeDescriptor(String name, ModelFlavor flavor, String modelFile, FeatureEncoding encoding,
                                                List<String> classes, Path folder, Map<String, String> metadata) {
        ModelPackage modelPackage = new ModelPackage(folder, new ModelDescriptor(name, flavor, modelFile, List.of(modelFile, "input_example.csv"),
                new Signature(encoding.rawInputs(), Signature.standardOutputs(classes)), Optional.of("input_example.csv"), classes,
                Optional.empty(), Optional.of(encoding), Optional.empty(), Map.of(), metadata));
        modelPackage.write();
        return modelPackage;
    }

    /** A classifier's classes in output order (the order of an exported graph's probability columns); empty for a regressor. */
    public static List<String> classLabels(Model<?> model) {
        if (!model.validate(Label.class)) {
            return List.of();
        }
        ImmutableOutputInfo<? extends Output<?>> outputs = model.getOutputIDInfo();
        List<String> classes = new ArrayList<>(outputs.size());
        for (int k = 0; k < outputs.size(); k++) {
            classes.add(((Label) outputs.getOutput(k)).getLabel());
        }
        return classes;
    }

    /**
     * The encoded features the model knows, in its feature-ID order, which is the column order
     * of an exported ONNX graph's input. A feature that was zero in every training row never
     * entered the model and is dropped.
     */
    private static List<String> modelFeatures(Model<?> model, FeatureEncoding encoding) {
        ImmutableFeatureMap features = model.getFeatureIDMap();
        Set<String> written = new HashSet<>(encoding.features());
        List<String> ordered = new ArrayList<>(features.size());
        for (int id = 0; id < features.size(); id++) {
            String feature = features.get(id).getName();
            if (!written.contains(feature)) {
                throw new IllegalStateException("the model has feature " + feature + ", which the encoding does not write");
            }
            ordered.add(feature);
        }
        return ordered;
    }

    private static Frame exampleRows(Frame example, FeatureEncoding encoding) {
        List<Column> columns = new ArrayList<>();
        for (var input : encoding.rawInputs()) {
            columns.add(example.column(input.name()).orElseThrow(() -> CairnException.invalidParameter(
                    "The example rows have no column '" + input.name() + "'")));
        }
        return new Frame(columns).head(EXAMPLE_ROWS);
    }
}
