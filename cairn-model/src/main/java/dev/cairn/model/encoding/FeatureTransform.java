package dev.cairn.model.encoding;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;

import java.util.List;

/**
 * One fitted step of a {@link FeatureEncoding}: it reads one raw column and writes one or more
 * numeric features. The fitted values (means, scales, categories) are part of the record, so the
 * transform is the same at serving time as it was in training.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = NumericFeature.class, name = "numeric"),
        @JsonSubTypes.Type(value = OneHotFeature.class, name = "one_hot"),
        @JsonSubTypes.Type(value = HashedFeature.class, name = "hashed"),
        @JsonSubTypes.Type(value = DatePartsFeature.class, name = "date_parts")})
public sealed interface FeatureTransform permits NumericFeature, OneHotFeature, HashedFeature, DatePartsFeature {
    /** The raw column read. */
    String column();

    /** The type the raw column must have in the model's signature. */
    ColumnType inputType();

    /** The names of the features written, in order. */
    List<String> features();

    /** The feature values for every row of the raw column: one array per feature, in {@link #features()} order. */
    List<double[]> apply(Column raw);
}
