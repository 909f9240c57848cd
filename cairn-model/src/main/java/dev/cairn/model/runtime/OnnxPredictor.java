package dev.cairn.model.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs an ONNX graph with ONNX Runtime: one session per loaded model, one call per batch. The
 * graph takes one 2-D float tensor {@code [rows, columns]}, filled from the signature's input
 * columns in signature order. A classifier (the descriptor names its classes) returns
 * probabilities {@code [rows, classes]} and yields {@code label} plus one
 * {@code probability_<class>} column per class; a regressor yields {@code prediction}.
 */
public final class OnnxPredictor implements Predictor {
    private OrtEnvironment environment;
    private OrtSession session;
    private String inputName;
    private ModelDescriptor descriptor;

    @Override
    public void init(ModelContext context) {
        descriptor = context.modelPackage().descriptor();
        String file = descriptor.modelFile();
        try {
            environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                if (context.intraOpThreads() > 0) {
                    options.setIntraOpNumThreads(context.intraOpThreads());
                }
                session = environment.createSession(context.modelPackage().file(file).toString(), options);
            }
        } catch (OrtException e) {
            throw CairnException.invalidParameter("Cannot load ONNX model " + file + ": " + e.getMessage());
        }
        checkGraph(file);
    }

    @Override
    public Frame predict(Frame input) {
        int rows = input.rowCount();
        int width = input.columns().size();
        float[] values = new float[rows * width];
        for (int c = 0; c < width; c++) {
            double[] column = ((Column.Numbers) input.columns().get(c)).values();
            for (int r = 0; r < rows; r++) {
                values[r * width + c] = (float) column[r];
            }
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(values), new long[] {rows, width});
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            return toFrame(result.get(0), rows);
        } catch (OrtException e) {
            throw CairnException.invalidParameter("The ONNX model failed on the input: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("cannot close the ONNX session", e);
            }
        }
    }

    private void checkGraph(String file) {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1 || !(inputs.values().iterator().next().getInfo() instanceof TensorInfo tensor)
                    || tensor.getShape().length != 2) {
                throw CairnException.invalidParameter("ONNX model " + file + " must take one 2-D float tensor [rows, columns]; it takes "
                        + inputs.values());
            }
            long columns = tensor.getShape()[1];
            int expected = descriptor.signature().inputs().size();
            if (columns > 0 && columns != expected) {
                throw CairnException.invalidParameter("ONNX model " + file + " takes " + columns + " input columns, but the signature names "
                        + expected);
            }
            inputName = inputs.keySet().iterator().next();
        } catch (OrtException e) {
            throw CairnException.invalidParameter("Cannot read the inputs of ONNX model " + file + ": " + e.getMessage());
        }
    }

    private Frame toFrame(OnnxValue output, int rows) throws OrtException {
        Object value = output.getValue();
        List<Column> columns = new ArrayList<>();
        if (descriptor.isClassifier()) {
            float[][] probabilities = (float[][]) value;
            List<String> classes = descriptor.classLabels();
            if (rows > 0 && probabilities[0].length != classes.size()) {
                throw CairnException.invalidParameter("The ONNX model returns " + probabilities[0].length
                        + " probabilities per row, but the descriptor names " + classes.size() + " classes");
            }
            String[] labels = new String[rows];
            double[][] byClass = new double[classes.size()][rows];
            for (int r = 0; r < rows; r++) {
                int best = 0;
                for (int k = 0; k < classes.size(); k++) {
                    byClass[k][r] = probabilities[r][k];
                    if (probabilities[r][k] > probabilities[r][best]) {
                        best = k;
                    }
                }
                labels[r] = classes.get(best);
            }
            columns.add(new Column.Strings("label", labels));
            for (int k = 0; k < classes.size(); k++) {
                columns.add(Column.Numbers.ofDoubles("probability_" + classes.get(k), byClass[k]));
            }
        } else {
            double[] predictions = new double[rows];
            for (int r = 0; r < rows; r++) {
                predictions[r] = value instanceof float[][] matrix ? matrix[r][0] : ((float[]) value)[r];
            }
            columns.add(Column.Numbers.ofDoubles("prediction", predictions));
        }
        return new Frame(columns);
    }
}
