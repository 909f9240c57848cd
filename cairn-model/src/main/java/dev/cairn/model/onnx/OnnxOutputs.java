package dev.cairn.model.onnx;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Which outputs of an ONNX graph Cairn reads and how they become columns. A classifier yields
 * {@code label} and one {@code probability_<class>} per class, from a {@code [rows, classes]}
 * tensor or from scikit-learn's {@code ZipMap} (a sequence of class-to-probability maps), with
 * the graph's own label output when it has one; a regressor yields {@code prediction}.
 */
sealed interface OnnxOutputs {
    /** The graph outputs to compute. */
    Set<String> names();

    /** The output columns for a batch of rows. */
    List<Column> columns(OrtSession.Result result, int rows) throws OrtException;

    /** Chooses the outputs of a graph: a classifier's if class labels are known, else a regressor's. */
    static OnnxOutputs of(Map<String, NodeInfo> outputs, List<String> classLabels, String file) {
        if (classLabels.isEmpty()) {
            return Regressor.of(outputs, file);
        }
        return Classifier.of(outputs, classLabels, file);
    }

    /** True for a tensor output of labels (int64, int32 or string), as classifiers emit. */
    static boolean isLabelTensor(NodeInfo output) {
        return output.getInfo() instanceof TensorInfo tensor
                && (tensor.type == OnnxJavaType.INT64 || tensor.type == OnnxJavaType.INT32 || tensor.type == OnnxJavaType.STRING);
    }

    /** True for a sequence of maps, as scikit-learn's ZipMap emits. */
    static boolean isZipMap(NodeInfo output) {
        return output.getInfo() instanceof SequenceInfo sequence && sequence.isSequenceOfMaps();
    }

    /** True for a floating-point tensor output. */
    static boolean isScoreTensor(NodeInfo output) {
        return output.getInfo() instanceof TensorInfo tensor
                && (tensor.type == OnnxJavaType.FLOAT || tensor.type == OnnxJavaType.DOUBLE);
    }

    /** A classifier's outputs: probabilities (tensor or ZipMap) and, if the graph has one, its label. */
    record Classifier(String probabilities, Optional<List<Object>> zipMapKeys, Optional<String> labels,
                      List<String> classes) implements OnnxOutputs {
        public Classifier {
            requireNonNull(probabilities, "probabilities is null");
            classes = List.copyOf(classes);
        }

        static Classifier of(Map<String, NodeInfo> outputs, List<String> classes, String file) {
            Optional<String> labels = outputs.values().stream().filter(OnnxOutputs::isLabelTensor).map(NodeInfo::getName).findFirst();
            for (NodeInfo output : outputs.values()) {
                if (isZipMap(output)) {
                    MapInfo map = ((SequenceInfo) output.getInfo()).mapInfo;
                    return new Classifier(output.getName(), Optional.of(zipMapKeys(map, classes, file)), labels, classes);
                }
            }
            for (NodeInfo output : outputs.values()) {
                if (isScoreTensor(output) && ((TensorInfo) output.getInfo()).getShape().length == 2) {
                    long width = ((TensorInfo) output.getInfo()).getShape()[1];
                    if (width > 0 && width != classes.size()) {
                        throw CairnException.invalidParameter("ONNX model " + file + " returns " + width + " probabilities per row in `"
                                + output.getName() + "`, but the descriptor names " + classes.size() + " classes " + classes);
                    }
                    return new Classifier(output.getName(), Optional.empty(), labels, classes);
                }
            }
            throw CairnException.invalidParameter("ONNX model " + file + " is described as a classifier, but no output holds class "
                    + "probabilities (a 2-D float tensor or a ZipMap); its outputs are " + outputs.values());
        }

        private static List<Object> zipMapKeys(MapInfo map, List<String> classes, String file) {
            List<Object> keys = new ArrayList<>();
            for (String label : classes) {
                if (map.keyType == OnnxJavaType.STRING) {
                    keys.add(label);
                } else {
                    try {
                        keys.add(Long.parseLong(label));
                    } catch (NumberFormatException e) {
                        throw CairnException.invalidParameter("ONNX model " + file + " keys its class probabilities by integer, "
                                + "but the descriptor names class '" + label + "'");
                    }
                }
            }
            return keys;
        }

        @Override
        public Set<String> names() {
            return labels.map(label -> Set.of(label, probabilities)).orElse(Set.of(probabilities));
        }

        @Override
        public List<Column> columns(OrtSession.Result result, int rows) throws OrtException {
            double[][] byClass = zipMapKeys.isPresent()
                    ? fromZipMap((OnnxSequence) result.get(probabilities).orElseThrow(), rows, zipMapKeys.get())
                    : fromMatrix((OnnxTensor) result.get(probabilities).orElseThrow(), rows);
            String[] predicted = labels.isPresent()
                    ? labelTexts((OnnxTensor) result.get(labels.get()).orElseThrow(), rows)
                    : argmax(byClass, rows);
            List<Column> columns = new ArrayList<>(classes.size() + 1);
            columns.add(new Column.Strings("label", predicted));
            for (int k = 0; k < classes.size(); k++) {
                columns.add(Column.Numbers.ofDoubles("probability_" + classes.get(k), byClass[k]));
            }
            return columns;
        }

        private double[][] fromMatrix(OnnxTensor tensor, int rows) {
            double[] flat = doubles(tensor);
            int width = classes.size();
            if (flat.length != rows * width) {
                throw CairnException.invalidParameter("The ONNX model returned " + flat.length + " probabilities for " + rows
                        + " rows and " + width + " classes");
            }
            double[][] byClass = new double[width][rows];
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < width; k++) {
                    byClass[k][r] = flat[r * width + k];
                }
            }
            return byClass;
        }

        private double[][] fromZipMap(OnnxSequence sequence, int rows, List<Object> keys) throws OrtException {
            List<? extends OnnxValue> maps = sequence.getValue();
            double[][] byClass = new double[keys.size()][rows];
            for (int r = 0; r < rows; r++) {
                Map<?, ?> probabilities = ((OnnxMap) maps.get(r)).getValue();
                for (int k = 0; k < keys.size(); k++) {
                    Object value = probabilities.get(keys.get(k));
                    if (value == null) {
                        throw CairnException.invalidParameter("The ONNX model gave no probability for class '" + classes.get(k)
                                + "'; it knows " + probabilities.keySet());
                    }
                    byClass[k][r] = ((Number) value).doubleValue();
                }
            }
            return byClass;
        }

        private String[] argmax(double[][] byClass, int rows) {
            String[] predicted = new String[rows];
            for (int r = 0; r < rows; r++) {
                int best = 0;
                for (int k = 1; k < byClass.length; k++) {
                    if (byClass[k][r] > byClass[best][r]) {
                        best = k;
                    }
                }
                predicted[r] = classes.get(best);
            }
            return predicted;
        }

        private static String[] labelTexts(OnnxTensor tensor, int rows) throws OrtException {
            String[] texts = new String[rows];
            OnnxJavaType type = tensor.getInfo().type;
            if (type == OnnxJavaType.STRING) {
                Object value = tensor.getValue();
                for (int r = 0; r < rows; r++) {
                    texts[r] = value instanceof String[][] matrix ? matrix[r][0] : ((String[]) value)[r];
                }
            } else if (type == OnnxJavaType.INT64) {
                LongBuffer buffer = tensor.getLongBuffer();
                long[] values = new long[buffer.remaining()];
                buffer.get(values);
                for (int r = 0; r < rows; r++) {
                    texts[r] = Long.toString(values[r]);
                }
            } else {
                IntBuffer buffer = tensor.getIntBuffer();
                int[] values = new int[buffer.remaining()];
                buffer.get(values);
                for (int r = 0; r < rows; r++) {
                    texts[r] = Integer.toString(values[r]);
                }
            }
            return texts;
        }
    }

    /** A regressor's single numeric output, one value per row. */
    record Regressor(String prediction) implements OnnxOutputs {
        public Regressor {
            requireNonNull(prediction, "prediction is null");
        }

        static Regressor of(Map<String, NodeInfo> outputs, String file) {
            for (NodeInfo output : outputs.values()) {
                if (isScoreTensor(output)) {
                    long[] shape = ((TensorInfo) output.getInfo()).getShape();
                    if (shape.length == 2 && shape[1] > 1) {
                        throw CairnException.invalidParameter("ONNX model " + file + " returns " + shape[1] + " values per row in `"
                                + output.getName() + "`; a regressor returns one. If it is a classifier, name its classes "
                                + "(class_labels in cairn-model.yaml, --class-labels on import)");
                    }
                    return new Regressor(output.getName());
                }
            }
            throw CairnException.invalidParameter("ONNX model " + file + " has no floating-point output to read a prediction from; "
                    + "its outputs are " + outputs.values());
        }

        @Override
        public Set<String> names() {
            return Set.of(prediction);
        }

        @Override
        public List<Column> columns(OrtSession.Result result, int rows) {
            double[] values = doubles((OnnxTensor) result.get(prediction).orElseThrow());
            if (values.length != rows) {
                throw CairnException.invalidParameter("The ONNX model returned " + values.length + " predictions for " + rows + " rows");
            }
            return List.of(Column.Numbers.ofDoubles("prediction", values));
        }
    }

    /** A float or double tensor's values, flattened, as doubles. */
    private static double[] doubles(OnnxTensor tensor) {
        if (tensor.getInfo().type == OnnxJavaType.DOUBLE) {
            DoubleBuffer buffer = tensor.getDoubleBuffer();
            double[] values = new double[buffer.remaining()];
            buffer.get(values);
            return values;
        }
        FloatBuffer buffer = tensor.getFloatBuffer();
        double[] values = new double[buffer.remaining()];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.get(i);
        }
        return values;
    }
}
