package dev.cairn.model.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.signature.ColumnSpec;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One input tensor of an ONNX graph and the signature columns that fill it: either every column
 * packed into one 2-D tensor {@code [rows, columns]} in signature order (Tribuo and single-input
 * scikit-learn exports), or one column per input tensor {@code [rows]} or {@code [rows, 1]}
 * matched by name (scikit-learn graphs with a {@code ColumnTransformer}).
 *
 * @param columns the indexes of the conformed frame's columns, in tensor order
 * @param matrix true for a 2-D tensor, false for a 1-D one
 */
record OnnxInput(String name, OnnxJavaType type, int[] columns, boolean matrix) {
    /** The tensor element types Cairn can fill from columns. */
    static final Set<OnnxJavaType> SUPPORTED = EnumSet.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE, OnnxJavaType.INT64,
            OnnxJavaType.INT32, OnnxJavaType.BOOL, OnnxJavaType.STRING);

    OnnxInput {
        if (!SUPPORTED.contains(type)) {
            throw CairnException.invalidParameter("ONNX input `" + name + "` has element type " + type
                    + "; Cairn fills inputs of types " + SUPPORTED);
        }
        columns = columns.clone();
    }

    /**
     * Binds a graph's inputs to a signature's columns: one 2-D input takes all columns packed in
     * signature order; otherwise each input takes the column of its own name.
     */
    static List<OnnxInput> bind(Map<String, NodeInfo> graphInputs, List<ColumnSpec> signature, String file) {
        Map<String, Integer> indexes = new HashMap<>();
        for (int i = 0; i < signature.size(); i++) {
            indexes.put(signature.get(i).name(), i);
        }
        List<OnnxInput> bound = new ArrayList<>();
        if (isPacked(graphInputs, indexes.keySet())) {
            NodeInfo input = graphInputs.values().iterator().next();
            TensorInfo tensor = (TensorInfo) input.getInfo();
            long width = tensor.getShape()[1];
            if (width > 0 && width != signature.size()) {
                throw CairnException.invalidParameter("ONNX model " + file + " takes " + width + " input columns in `" + input.getName()
                        + "`, but the signature names " + signature.size());
            }
            int[] all = new int[signature.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
                requireCompatible(signature.get(i), input.getName(), tensor.type, file);
            }
            bound.add(new OnnxInput(input.getName(), tensor.type, all, true));
            return bound;
        }
        Set<String> unused = new LinkedHashSet<>(indexes.keySet());
        for (NodeInfo input : graphInputs.values()) {
            Integer index = indexes.get(input.getName());
            if (index == null || !(input.getInfo() instanceof TensorInfo tensor) || !isColumnShaped(tensor)) {
                throw CairnException.invalidParameter("ONNX model " + file + " takes input `" + input.getName() + "` (" + input.getInfo()
                        + "); Cairn feeds either one 2-D tensor with every signature column, or one [rows] or [rows, 1] tensor "
                        + "per signature column of the same name (signature columns: " + indexes.keySet() + ")");
            }
            requireCompatible(signature.get(index), input.getName(), tensor.type, file);
            unused.remove(input.getName());
            bound.add(new OnnxInput(input.getName(), tensor.type, new int[] {index}, tensor.getShape().length == 2));
        }
        if (!unused.isEmpty()) {
            throw CairnException.invalidParameter("ONNX model " + file + " has no input for signature columns " + unused
                    + "; its inputs are " + graphInputs.keySet());
        }
        return bound;
    }

    /** True if the graph takes all columns in one 2-D tensor, not one tensor per column. */
    static boolean isPacked(Map<String, NodeInfo> graphInputs, Set<String> columnNames) {
        if (graphInputs.size() != 1 || !(graphInputs.values().iterator().next().getInfo() instanceof TensorInfo tensor)
                || tensor.getShape().length != 2) {
            return false;
        }
        String name = graphInputs.keySet().iterator().next();
        return !(columnNames.size() == 1 && columnNames.contains(name));
    }

    /** True for a {@code [rows]} or {@code [rows, 1]} tensor. */
    static boolean isColumnShaped(TensorInfo tensor) {
        long[] shape = tensor.getShape();
        return shape.length == 1 || (shape.length == 2 && (shape[1] == 1 || shape[1] < 0));
    }

    private static void requireCompatible(ColumnSpec spec, String input, OnnxJavaType type, String file) {
        ColumnType needed = columnType(type);
        boolean compatible = needed == ColumnType.DOUBLE ? spec.type().isNumeric() : spec.type() == needed;
        if (!compatible) {
            throw CairnException.invalidParameter("Signature column `" + spec.name() + "` is " + spec.type().wireName()
                    + ", but ONNX model " + file + " reads it into input `" + input + "` of type " + type
                    + " (which takes " + needed.wireName() + ")");
        }
    }

    /** The column type a tensor of this element type is filled from. */
    static ColumnType columnType(OnnxJavaType type) {
        return switch (type) {
            case FLOAT, DOUBLE -> ColumnType.DOUBLE;
            case STRING -> ColumnType.STRING;
            default -> ColumnType.LONG;
        };
    }

    /** Builds this input's tensor from a frame already conformed to the signature. */
    OnnxTensor tensor(OrtEnvironment environment, Frame frame) throws OrtException {
        int rows = frame.rowCount();
        int width = columns.length;
        long[] shape = matrix ? new long[] {rows, width} : new long[] {rows};
        List<Column> source = frame.columns();
        switch (type) {
            case STRING: {
                String[] values = new String[rows * width];
                for (int c = 0; c < width; c++) {
                    Column column = source.get(columns[c]);
                    for (int r = 0; r < rows; r++) {
                        values[r * width + c] = column.isNull(r) ? "" : column.text(r);
                    }
                }
                return OnnxTensor.createTensor(environment, values, shape);
            }
            case FLOAT: {
                float[] values = new float[rows * width];
                for (int c = 0; c < width; c++) {
                    double[] column = numbers(source.get(columns[c]));
                    for (int r = 0; r < rows; r++) {
                        values[r * width + c] = (float) column[r];
                    }
                }
                return OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), shape);
            }
            case DOUBLE: {
                double[] values = new double[rows * width];
                for (int c = 0; c < width; c++) {
                    double[] column = numbers(source.get(columns[c]));
                    for (int r = 0; r < rows; r++) {
                        values[r * width + c] = column[r];
                    }
                }
                return OnnxTensor.createTensor(environment, DoubleBuffer.wrap(values), shape);
            }
            case INT64: {
                long[] values = new long[rows * width];
                for (int c = 0; c < width; c++) {
                    double[] column = wholeNumbers(source.get(columns[c]));
                    for (int r = 0; r < rows; r++) {
                        values[r * width + c] = (long) column[r];
                    }
                }
                return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
            }
            case INT32: {
                int[] values = new int[rows * width];
                for (int c = 0; c < width; c++) {
                    double[] column = wholeNumbers(source.get(columns[c]));
                    for (int r = 0; r < rows; r++) {
                        values[r * width + c] = (int) column[r];
                    }
                }
                return OnnxTensor.createTensor(environment, IntBuffer.wrap(values), shape);
            }
            default: {
                ByteBuffer values = ByteBuffer.allocateDirect(rows * width);
                for (int c = 0; c < width; c++) {
                    double[] column = wholeNumbers(source.get(columns[c]));
                    for (int r = 0; r < rows; r++) {
                        values.put(r * width + c, (byte) (column[r] != 0 ? 1 : 0));
                    }
                }
                return OnnxTensor.createTensor(environment, values, shape, OnnxJavaType.BOOL);
            }
        }
    }

    /** Numeric values; a missing value becomes NaN, which scikit-learn's imputers expect. */
    private static double[] numbers(Column column) {
        Column.Numbers numbers = (Column.Numbers) column;
        boolean[] nulls = numbers.nulls();
        for (boolean isNull : nulls) {
            if (isNull) {
                double[] values = numbers.values().clone();
                for (int r = 0; r < values.length; r++) {
                    if (nulls[r]) {
                        values[r] = Double.NaN;
                    }
                }
                return values;
            }
        }
        return numbers.values();
    }

    private double[] wholeNumbers(Column column) {
        Column.Numbers numbers = (Column.Numbers) column;
        for (int r = 0; r < numbers.size(); r++) {
            if (numbers.isNull(r)) {
                throw CairnException.invalidParameter("column `" + column.name() + "`: missing value at row " + r
                        + ", and the model's " + type + " input `" + name + "` cannot hold one");
            }
        }
        return numbers.values();
    }
}
