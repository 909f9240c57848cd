package dev.cairn.model.testing;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes small ONNX graphs shaped as scikit-learn's converter (skl2onnx) writes them, built from
 * ONNX-ML operators, so tests can import "a model trained elsewhere" without Python.
 */
public final class OnnxGraphs {
    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
    private static final int INT64 = OnnxMl.TensorProto.DataType.INT64.getNumber();
    private static final int STRING = OnnxMl.TensorProto.DataType.STRING.getNumber();

    private OnnxGraphs() {
    }

    /**
     * A multiclass pipeline {@code StandardScaler -> LogisticRegression} as skl2onnx exports it:
     * input {@code input} float [N, features]; outputs {@code output_label} (int64 or string) and
     * {@code output_probability} (ZipMap: a sequence of class-to-probability maps).
     *
     * @param weights one row of coefficients per class
     */
    public static void writeScaledLinearClassifier(Path file, float[] offsets, float[] scales, float[][] weights, float[] intercepts,
                                                   List<String> classes, boolean integerClasses) {
        int features = offsets.length;
        OnnxMl.AttributeProto.Builder classifierLabels = integerClasses
                ? ints("classlabels_ints", classes.stream().map(Long::valueOf).toList())
                : strings("classlabels_strings", classes);
        OnnxMl.AttributeProto.Builder zipMapLabels = integerClasses
                ? ints("classlabels_int64s", classes.stream().map(Long::valueOf).toList())
                : strings("classlabels_strings", classes);
        float[] coefficients = new float[weights.length * features];
        for (int k = 0; k < weights.length; k++) {
            System.arraycopy(weights[k], 0, coefficients, k * features, features);
        }
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("sklearn-pipeline")
                .addInput(tensor("input", FLOAT, -1, features))
                .addNode(node("Scaler", "ai.onnx.ml", List.of("input"), List.of("scaled"))
                        .addAttribute(floats("offset", offsets)).addAttribute(floats("scale", scales)))
                .addNode(node("LinearClassifier", "ai.onnx.ml", List.of("scaled"), List.of("output_label", "probabilities"))
                        .addAttribute(floats("coefficients", coefficients)).addAttribute(floats("intercepts", intercepts))
                        .addAttribute(classifierLabels).addAttribute(text("post_transform", "SOFTMAX")))
                .addNode(node("ZipMap", "ai.onnx.ml", List.of("probabilities"), List.of("output_probability")).addAttribute(zipMapLabels))
                .addOutput(tensor("output_label", integerClasses ? INT64 : STRING, -1))
                .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("output_probability").setType(OnnxMl.TypeProto.newBuilder()
                        .setSequenceType(OnnxMl.TypeProto.Sequence.newBuilder().setElemType(OnnxMl.TypeProto.newBuilder()
                                .setMapType(OnnxMl.TypeProto.Map.newBuilder().setKeyType(integerClasses ? INT64 : STRING)
                                        .setValueType(OnnxMl.TypeProto.newBuilder().setTensorType(
                                                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(FLOAT))))))))
                .build();
        write(file, graph);
    }

    /** A linear regressor with one 2-D float input {@code float_input} and output {@code variable} [N, 1]. */
    public static void writeLinearRegressor(Path file, float[] coefficients, float intercept) {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("sklearn-linear-regression")
                .addInput(tensor("float_input", FLOAT, -1, coefficients.length))
                .addNode(node("LinearRegressor", "ai.onnx.ml", List.of("float_input"), List.of("variable"))
                        .addAttribute(floats("coefficients", coefficients)).addAttribute(floats("intercepts", new float[] {intercept})))
                .addOutput(tensor("variable", FLOAT, -1, 1))
                .build();
        write(file, graph);
    }

    /**
     * A regressor over two inputs, as a {@code ColumnTransformer} exports them: {@code distance}
     * float [N, 1] and {@code carrier} string [N, 1]; the carrier is encoded to a number by a
     * {@code LabelEncoder} (unknown carriers give {@code unknownValue}), then
     * {@code prediction = a * distance + b * encoded + c}.
     */
    public static void writeTwoInputRegressor(Path file, List<String> carriers, float[] carrierValues, float unknownValue,
                                              float a, float b, float c) {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("sklearn-column-transformer")
                .addInput(tensor("distance", FLOAT, -1, 1))
                .addInput(tensor("carrier", STRING, -1, 1))
                .addNode(node("LabelEncoder", "ai.onnx.ml", List.of("carrier"), List.of("carrier_code"))
                        .addAttribute(strings("keys_strings", carriers)).addAttribute(floats("values_floats", carrierValues))
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("default_float").setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                                .setF(unknownValue)))
                .addNode(node("Concat", "", List.of("distance", "carrier_code"), List.of("features"))
                        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(1)))
                .addNode(node("LinearRegressor", "ai.onnx.ml", List.of("features"), List.of("variable"))
                        .addAttribute(floats("coefficients", new float[] {a, b})).addAttribute(floats("intercepts", new float[] {c})))
                .addOutput(tensor("variable", FLOAT, -1, 1))
                .build();
        write(file, graph);
    }

    private static void write(Path file, OnnxMl.GraphProto graph) {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("cairn-tests")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(2))
                .setGraph(graph)
                .build();
        try {
            Files.write(file, model.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OnnxMl.ValueInfoProto tensor(String name, int type, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long dim : dims) {
            shape.addDim(dim < 0 ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }

    private static OnnxMl.NodeProto.Builder node(String op, String domain, List<String> inputs, List<String> outputs) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setDomain(domain).setName(op).addAllInput(inputs).addAllOutput(outputs);
    }

    private static OnnxMl.AttributeProto.Builder floats(String name, float[] values) {
        OnnxMl.AttributeProto.Builder attribute = OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.FLOATS);
        for (float value : values) {
            attribute.addFloats(value);
        }
        return attribute;
    }

    private static OnnxMl.AttributeProto.Builder ints(String name, List<Long> values) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INTS).addAllInts(values);
    }

    private static OnnxMl.AttributeProto.Builder strings(String name, List<String> values) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRINGS)
                .addAllStrings(values.stream().map(value -> ByteString.copyFrom(value, StandardCharsets.UTF_8)).toList());
    }

    private static OnnxMl.AttributeProto.Builder text(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8));
    }
}
