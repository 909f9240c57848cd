package dev.cairn.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.runtime.ModelContext;
import dev.cairn.model.runtime.Predictor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs an ONNX graph with ONNX Runtime: one session per loaded model, one call per batch. The
 * signature's columns fill the graph's inputs ({@link OnnxInput}); a classifier's outputs become
 * {@code label} and {@code probability_<class>} columns, a regressor's {@code prediction}
 * ({@link OnnxOutputs}).
 */
public final class OnnxPredictor implements Predictor {
    private OrtEnvironment environment;
    private OrtSession session;
    private List<OnnxInput> inputs;
    private OnnxOutputs outputs;
    private Set<String> outputNames;

    @Override
    public void init(ModelContext context) {
        ModelDescriptor descriptor = context.modelPackage().descriptor();
        String file = descriptor.modelFile();
        try {
            // The environment is ONNX Runtime's process-wide singleton: it is never closed.
            environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                if (context.intraOpThreads() > 0) {
                    options.setIntraOpNumThreads(context.intraOpThreads());
                }
                session = environment.createSession(context.modelPackage().file(file).toString(), options);
            }
            inputs = OnnxInput.bind(session.getInputInfo(), descriptor.signature().inputs(), file);
            outputs = OnnxOutputs.of(session.getOutputInfo(), descriptor.classLabels(), file);
            outputNames = outputs.names();
        } catch (OrtException e) {
            close();
            throw CairnException.invalidParameter("Cannot load ONNX model " + file + ": " + e.getMessage());
        } catch (CairnException e) {
            close();
            throw e;
        }
    }

    @Override
    public Frame predict(Frame input) {
        Map<String, OnnxTensor> tensors = new HashMap<>(inputs.size() * 2);
        try {
            for (OnnxInput binding : inputs) {
                tensors.put(binding.name(), binding.tensor(environment, input));
            }
            try (OrtSession.Result result = session.run(tensors, outputNames)) {
                return new Frame(outputs.columns(result, input.rowCount()));
            }
        } catch (OrtException e) {
            throw CairnException.invalidParameter("The ONNX model failed on the input: " + e.getMessage());
        } finally {
            tensors.values().forEach(OnnxTensor::close);
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
            session = null;
        }
    }
}
