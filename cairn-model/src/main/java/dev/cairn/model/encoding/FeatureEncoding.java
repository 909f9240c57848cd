package dev.cairn.model.encoding;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.signature.ColumnSpec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A fitted encoding from raw columns to a model's numeric features.
 *
 * @param transforms one per raw column used
 * @param features the features the model reads, in the model's order (for an ONNX graph, the
 *                 order of its input tensor); every one is written by some transform, and
 *                 features a transform writes that the model never saw are dropped
 */
public record FeatureEncoding(List<FeatureTransform> transforms, List<String> features) {
    public FeatureEncoding {
        transforms = List.copyOf(transforms);
        features = List.copyOf(features);
        Set<String> columns = new HashSet<>();
        Set<String> written = new HashSet<>();
        for (FeatureTransform transform : transforms) {
            if (!columns.add(transform.column())) {
                throw CairnException.invalidParameter("The encoding has two transforms of column '" + transform.column() + "'");
            }
            written.addAll(transform.features());
        }
        for (String feature : features) {
            if (!written.contains(feature)) {
                throw CairnException.invalidParameter("The encoding lists feature '" + feature + "', which no transform writes");
            }
        }
    }

    /** The raw columns the encoding reads, as signature columns (all nullable: transforms fill gaps). */
    public List<ColumnSpec> rawInputs() {
        return transforms.stream().map(t -> new ColumnSpec(t.column(), t.inputType(), true)).toList();
    }

    /** The encoded features as signature columns, in model order. */
    public List<ColumnSpec> encodedInputs() {
        return features.stream().map(name -> new ColumnSpec(name, ColumnType.DOUBLE, false)).toList();
    }

    /**
     * Encodes raw rows into the model's features, in model order. Something that encodes many
     * batches with one encoding keeps a {@link FeatureEncoder} instead.
     */
    public Frame encode(Frame raw) {
        return new FeatureEncoder(this).encode(raw);
    }
}
