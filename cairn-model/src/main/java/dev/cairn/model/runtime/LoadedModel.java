package dev.cairn.model.runtime;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.CsvFrames;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.javaclass.JavaClassPredictor;
import dev.cairn.model.onnx.OnnxPredictor;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.tribuo.TribuoPredictor;

import static java.util.Objects.requireNonNull;

/**
 * A model package loaded by its runtime. {@link #predict} enforces the signature before the
 * runtime sees the data.
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelPackage modelPackage;
    private final Predictor predictor;

    private LoadedModel(ModelPackage modelPackage, Predictor predictor) {
        this.modelPackage = modelPackage;
        this.predictor = predictor;
    }

    /** Loads a package with the runtime its flavor names. */
    public static LoadedModel load(ModelPackage modelPackage, int intraOpThreads) {
        requireNonNull(modelPackage, "modelPackage is null");
        Predictor predictor = switch (modelPackage.descriptor().flavor()) {
            case ONNX -> new OnnxPredictor();
            case TRIBUO -> new TribuoPredictor();
            case JAVA -> new JavaClassPredictor();
        };
        ModelPackage runtimePackage = new ModelPackage(modelPackage.folder(), modelPackage.descriptor().forRuntime());
        predictor.init(new ModelContext(runtimePackage, intraOpThreads));
        return new LoadedModel(modelPackage, predictor);
    }

    /** Scores a batch: checks it against the signature, encodes it if the package says how, then runs the model. */
    public Frame predict(Frame input) {
        ModelDescriptor descriptor = modelPackage.descriptor();
        Frame conformed = descriptor.signature().conform(input);
        return predictor.predict(descriptor.encoding().isPresent() ? descriptor.encoding().get().encode(conformed) : conformed);
    }

    /** Scores the package's input example: the proof that the model loads and answers. */
    public Frame scoreInputExample() {
        String example = modelPackage.descriptor().inputExample().orElseThrow(() -> CairnException.invalidParameter(
                "The package has no input_example to score; add a CSV of a few rows and name it in " + ModelPackage.DESCRIPTOR_FILE));
        Frame output = predict(CsvFrames.read(modelPackage.file(example)));
        if (output.rowCount() == 0) {
            throw CairnException.invalidParameter("The input example " + example + " has no rows");
        }
        return output;
    }

    @Override
    public void close() {
        predictor.close();
    }
}
