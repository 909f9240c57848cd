package dev.cairn.model.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.CsvFrames;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.model.signature.Signature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Turns an ONNX file trained anywhere (scikit-learn, PyTorch, Tribuo) into a Cairn package. The
 * signature comes from the graph: with one input per column, from the inputs' names and types;
 * with one 2-D input, the input example's CSV header names the columns in tensor order (or the
 * caller gives them). Class labels come from the graph's classifier nodes unless given.
 *
 * @param inputExample a CSV of a few rows; strongly advised, since registration scores it
 * @param inputColumns the input columns, when neither the graph nor the example can name them
 * @param classLabels the classes of a classifier, when the graph does not declare them
 */
public record OnnxImport(String name, Path onnxFile, Optional<Path> inputExample, List<ColumnSpec> inputColumns,
                         List<String> classLabels, Map<String, String> metadata) {
    /** The model file's name inside the package. */
    public static final String MODEL_FILE = "model.onnx";
    /** The input example's name inside the package. */
    public static final String EXAMPLE_FILE = "input_example.csv";

    public OnnxImport {
        requireNonNull(name, "name is null");
        requireNonNull(onnxFile, "onnxFile is null");
        requireNonNull(inputExample, "inputExample is null");
        inputColumns = List.copyOf(inputColumns);
        classLabels = List.copyOf(classLabels);
        metadata = Map.copyOf(metadata);
        if (!Files.isRegularFile(onnxFile)) {
            throw CairnException.invalidParameter("ONNX file " + onnxFile + " does not exist");
        }
        inputExample.ifPresent(example -> {
            if (!Files.isRegularFile(example)) {
                throw CairnException.invalidParameter("Input example " + example + " does not exist");
            }
        });
    }

    /** Writes the package into a folder (created if needed) and returns it, read back and checked. */
    public ModelPackage writeTo(Path folder) {
        Optional<Frame> example = inputExample.map(CsvFrames::read);
        Map<String, NodeInfo> inputs;
        Map<String, NodeInfo> outputs;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = OrtEnvironment.getEnvironment().createSession(onnxFile.toString(), options)) {
            inputs = session.getInputInfo();
            outputs = session.getOutputInfo();
        } catch (OrtException e) {
            throw CairnException.invalidParameter("Cannot load " + onnxFile.getFileName() + " as an ONNX model: " + e.getMessage());
        }
        List<String> classes = classLabels.isEmpty() ? OnnxClassLabels.read(onnxFile).orElse(List.of()) : classLabels;
        if (classes.isEmpty() && outputs.values().stream().anyMatch(output -> OnnxOutputs.isZipMap(output) || OnnxOutputs.isLabelTensor(output))) {
            throw CairnException.invalidParameter("ONNX model " + onnxFile.getFileName() + " looks like a classifier (it outputs labels), "
                    + "but declares no class labels; give them (--class-labels a,b,...)");
        }
        List<ColumnSpec> columns = inputColumns.isEmpty() ? columnsFromGraph(inputs, example) : inputColumns;
        List<ColumnSpec> outputColumns = Signature.standardOutputs(classes);
        String file = onnxFile.getFileName().toString();
        OnnxInput.bind(inputs, columns, file);
        OnnxOutputs.of(outputs, classes, file);
        List<String> files = new ArrayList<>(List.of(MODEL_FILE));
        try {
            Files.createDirectories(folder);
            Files.copy(onnxFile, folder.resolve(MODEL_FILE), StandardCopyOption.REPLACE_EXISTING);
            if (inputExample.isPresent()) {
                Files.copy(inputExample.get(), folder.resolve(EXAMPLE_FILE), StandardCopyOption.REPLACE_EXISTING);
                files.add(EXAMPLE_FILE);
            }
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Cannot write the package to " + folder + ": " + e.getMessage(), e);
        }
        new ModelPackage(folder, new ModelDescriptor(name, ModelFlavor.ONNX, MODEL_FILE, files, new Signature(columns, outputColumns),
                inputExample.map(path -> EXAMPLE_FILE), classes, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), metadata)).write();
        return ModelPackage.read(folder);
    }

    private List<ColumnSpec> columnsFromGraph(Map<String, NodeInfo> inputs, Optional<Frame> example) {
        List<String> exampleNames = example.map(frame -> frame.columns().stream().map(Column::name).toList()).orElse(List.of());
        boolean oneMatrix = inputs.size() == 1 && inputs.values().iterator().next().getInfo() instanceof TensorInfo tensor
                && tensor.getShape().length == 2 && !OnnxInput.isColumnShaped(tensor);
        if (!oneMatrix) {
            List<ColumnSpec> columns = new ArrayList<>();
            for (NodeInfo input : inputs.values()) {
                if (!(input.getInfo() instanceof TensorInfo tensor) || !OnnxInput.isColumnShaped(tensor)) {
                    throw CairnException.invalidParameter("ONNX input `" + input.getName() + "` is " + input.getInfo()
                            + "; Cairn imports graphs with one 2-D input or one [rows] / [rows, 1] input per column");
                }
                columns.add(new ColumnSpec(input.getName(), OnnxInput.columnType(tensor.type), false));
            }
            return columns;
        }
        NodeInfo input = inputs.values().iterator().next();
        TensorInfo tensor = (TensorInfo) input.getInfo();
        long width = tensor.getShape()[1];
        if (exampleNames.isEmpty()) {
            throw CairnException.invalidParameter("ONNX model " + onnxFile.getFileName() + " takes one 2-D input `" + input.getName()
                    + "`" + (width > 0 ? " of " + width + " columns" : "") + "; give an input example (--input-example) whose CSV "
                    + "header names the columns in tensor order, or the columns themselves (--signature)");
        }
        if (width > 0 && width != exampleNames.size()) {
            throw CairnException.invalidParameter("ONNX model " + onnxFile.getFileName() + " takes " + width + " columns, but the input "
                    + "example has " + exampleNames.size() + ": " + exampleNames);
        }
        ColumnType type = OnnxInput.columnType(tensor.type);
        return exampleNames.stream().map(column -> new ColumnSpec(column, type, false)).toList();
    }
}
