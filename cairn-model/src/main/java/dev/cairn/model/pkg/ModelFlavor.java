package dev.cairn.model.pkg;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cairn.core.error.CairnException;

import java.util.Locale;

/** The runtime a model package needs. */
public enum ModelFlavor {
    /** An ONNX graph, run by ONNX Runtime. */
    ONNX,
    /** A Tribuo model in Tribuo's protobuf format. */
    TRIBUO,
    /** A user's scoring class from a jar. */
    JAVA;

    /** The lower-case name used in {@code cairn-model.yaml}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a flavor name. */
    @JsonCreator
    public static ModelFlavor parse(String name) {
        for (ModelFlavor flavor : values()) {
            if (flavor.wireName().equalsIgnoreCase(name)) {
                return flavor;
            }
        }
        throw CairnException.invalidParameter("Unsupported model flavor '" + name + "'; expected one of onnx, tribuo, java");
    }
}
