package dev.cairn.model.pkg;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cairn.core.error.CairnException;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The runtime a model package needs, by name. The set is open: a runtime on the class path
 * ({@code dev.cairn.model.runtime.ModelRuntime}) serves the flavor it names, so a new flavor is a
 * new module, not an edit here.
 *
 * @param name the lower-case name used in {@code cairn-model.yaml}
 */
public record ModelFlavor(String name) {
    /** An ONNX graph, run by ONNX Runtime. */
    public static final ModelFlavor ONNX = new ModelFlavor("onnx");
    /** A Tribuo model in Tribuo's protobuf format. */
    public static final ModelFlavor TRIBUO = new ModelFlavor("tribuo");
    /** A user's scoring class from a jar. */
    public static final ModelFlavor JAVA = new ModelFlavor("java");
    /** An XGBoost booster in XGBoost's own format, run by xgboost4j. */
    public static final ModelFlavor XGBOOST = new ModelFlavor("xgboost");
    /** A two-class logistic regression's coefficients and intercept in JSON, scored in plain Java. */
    public static final ModelFlavor LINEAR = new ModelFlavor("linear");

    public ModelFlavor {
        requireNonNull(name, "name is null");
        if (!name.matches("[a-z][a-z0-9_-]{0,63}")) {
            throw CairnException.invalidParameter("Invalid model flavor '" + name
                    + "'; a flavor is a lower-case name such as onnx, tribuo or java");
        }
    }

    /** The name as written in {@code cairn-model.yaml}. */
    @JsonValue
    public String wireName() {
        return name;
    }

    /** Parses a flavor name, ignoring case. */
    @JsonCreator
    public static ModelFlavor parse(String name) {
        requireNonNull(name, "name is null");
        return new ModelFlavor(name.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name;
    }
}
