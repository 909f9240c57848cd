package dev.cairn.model.runtime;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.encoding.FeatureEncoder;
import dev.cairn.model.frame.CsvFrames;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.pkg.ModelPackage;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A model package loaded by its runtime. {@link #predict} enforces the signature before the
 * runtime sees the data.
 */
public final class LoadedModel implements AutoCloseable {
    private final ModelPackage modelPackage;
    private final Predictor predictor;
    /** Built once: a served model encodes every request. */
    private final Optional<FeatureEncoder> encoder;

    private LoadedModel(ModelPackage modelPackage, Predictor predictor) {
        this.modelPackage = modelPackage;
        this.predictor = predictor;
        this.encoder = modelPackage.descriptor().encoding().map(FeatureEncoder::new);
    }

    /** Loads a package with the installed runtime of its flavor. */
    public static LoadedModel load(ModelPackage modelPackage, int intraOpThreads) {
        requireNonNull(modelPackage, "modelPackage is null");
        Predictor predictor = ModelRuntimes.forFlavor(modelPackage.descriptor().flavor()).newPredictor();
        ModelPackage runtimePackage = new ModelPackage(modelPackage.folder(), modelPackage.descriptor().forRuntime());
        predictor.init(new ModelContext(runtimePackage, intraOpThreads));
        return new LoadedModel(modelPackage, predictor);
    }

    /** What the package says about the model: its flavor, signature, classes and lineage. */
    public ModelDescriptor descriptor() {
        return modelPackage.descriptor();
    }

    /**
     * Scores a batch: checks it against the signature, encodes it if the package says how, then runs
     * the model. Input that does not fit is the caller's error; anything the runtime throws on input
     * that fits is a {@link ModelFailure}.
     */
    public Frame predict(Frame input) {
        ModelDescriptor descriptor = modelPackage.descriptor();
        Frame conformed = descriptor.signature().conform(input);
        Frame encoded = encoder.isPresent() ? encoder.get().encode(conformed) : conformed;
        try {
            return predictor.predict(encoded);
        } catch (CairnException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new ModelFailure("'" + descriptor.name() + "'", e);
        }
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
