package dev.cairn.model.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import dev.cairn.core.error.CairnException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads the class labels an ONNX classifier declares: scikit-learn's {@code ZipMap} node and the
 * ONNX-ML classifier operators ({@code LinearClassifier}, {@code TreeEnsembleClassifier},
 * {@code SVMClassifier}...) carry them as {@code classlabels_strings} or
 * {@code classlabels_int64s}/{@code classlabels_ints} attributes. ONNX Runtime's API does not
 * show graph nodes, so the graph's protobuf is read here.
 */
final class OnnxClassLabels {
    private OnnxClassLabels() {
    }

    /** The class labels in the graph, ZipMap's first (it keys the probabilities Cairn reads). */
    static Optional<List<String>> read(Path onnxFile) {
        OnnxMl.ModelProto model;
        try (InputStream in = Files.newInputStream(onnxFile)) {
            model = OnnxMl.ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw CairnException.invalidParameter("Cannot read ONNX file " + onnxFile.getFileName() + ": " + e.getMessage());
        }
        Optional<List<String>> fromZipMap = Optional.empty();
        Optional<List<String>> fromClassifier = Optional.empty();
        for (OnnxMl.NodeProto node : model.getGraph().getNodeList()) {
            if (node.getOpType().equals("ZipMap") && fromZipMap.isEmpty()) {
                fromZipMap = labels(node);
            } else if (node.getOpType().endsWith("Classifier") && fromClassifier.isEmpty()) {
                fromClassifier = labels(node);
            }
        }
        return fromZipMap.isPresent() ? fromZipMap : fromClassifier;
    }

    private static Optional<List<String>> labels(OnnxMl.NodeProto node) {
        for (OnnxMl.AttributeProto attribute : node.getAttributeList()) {
            switch (attribute.getName()) {
                case "classlabels_strings":
                    return Optional.of(attribute.getStringsList().stream().map(OnnxClassLabels::text).toList());
                case "classlabels_int64s":
                case "classlabels_ints":
                    return Optional.of(attribute.getIntsList().stream().map(String::valueOf).toList());
                default:
                    break;
            }
        }
        return Optional.empty();
    }

    private static String text(ByteString bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
