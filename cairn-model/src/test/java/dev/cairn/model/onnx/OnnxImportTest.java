package dev.cairn.model.onnx;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.model.testing.BreastCancerModel;
import dev.cairn.model.testing.OnnxGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Importing ONNX files shaped as scikit-learn and Tribuo export them, and scoring them. */
class OnnxImportTest {
    private static final List<String> IRIS_COLUMNS = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
    private static final float[][] IRIS_WEIGHTS = {{-1.0f, 1.2f, -1.8f, -1.7f}, {0.5f, -1.3f, 0.3f, -0.6f}, {0.5f, 0.1f, 1.5f, 2.3f}};
    private static final float[] IRIS_INTERCEPTS = {-0.2f, 1.9f, -1.7f};

    @TempDir
    Path folder;

    @ParameterizedTest(name = "integer classes: {0}")
    @ValueSource(booleans = {true, false})
    void sklearnZipMapClassifierMatchesItsMathOnEveryIrisRow(boolean integerClasses) throws IOException {
        List<double[]> rows = iris();
        float[] offsets = new float[4];
        float[] scales = new float[4];
        for (int f = 0; f < 4; f++) {
            int feature = f;
            double mean = rows.stream().mapToDouble(row -> row[feature]).average().orElseThrow();
            double variance = rows.stream().mapToDouble(row -> (row[feature] - mean) * (row[feature] - mean)).average().orElseThrow();
            offsets[f] = (float) mean;
            scales[f] = (float) (1 / Math.sqrt(variance));
        }
        List<String> classes = integerClasses ? List.of("0", "1", "2") : List.of("setosa", "versicolor", "virginica");
        Path onnx = folder.resolve("iris.onnx");
        OnnxGraphs.writeScaledLinearClassifier(onnx, offsets, scales, IRIS_WEIGHTS, IRIS_INTERCEPTS, classes, integerClasses);

        ModelPackage modelPackage = new OnnxImport("iris", onnx, Optional.of(example(rows)), List.of(), List.of(), Map.of())
                .writeTo(folder.resolve("pkg"));
        assertThat(modelPackage.descriptor().classLabels()).containsExactlyElementsOf(classes);
        assertThat(modelPackage.descriptor().signature().inputs()).extracting(ColumnSpec::name).containsExactlyElementsOf(IRIS_COLUMNS);

        try (LoadedModel model = LoadedModel.load(modelPackage, 1)) {
            assertThat(model.scoreInputExample().rowCount()).isEqualTo(5);
            Frame output = model.predict(frame(rows));
            assertThat(output.columns()).extracting(Column::name)
                    .containsExactly("label", "probability_" + classes.get(0), "probability_" + classes.get(1), "probability_" + classes.get(2));
            for (int r = 0; r < rows.size(); r++) {
                double[] expected = softmax(rows.get(r), offsets, scales);
                int best = 0;
                for (int k = 0; k < 3; k++) {
                    double actual = ((Column.Numbers) output.columns().get(k + 1)).values()[r];
                    assertThat(actual).as("row %d class %s", r, classes.get(k)).isCloseTo(expected[k], within(1e-5));
                    best = expected[k] > expected[best] ? k : best;
                }
                assertThat(output.columns().get(0).text(r)).as("label of row %d", r).isEqualTo(classes.get(best));
            }
        }
    }

    @Test
    void plainRegressorNeedsColumnNamesAndPredictsItsLinearFunction() throws IOException {
        Path onnx = folder.resolve("linear.onnx");
        OnnxGraphs.writeLinearRegressor(onnx, new float[] {2.0f, -3.0f, 0.5f}, 10.0f);
        OnnxImport withoutNames = new OnnxImport("linear", onnx, Optional.empty(), List.of(), List.of(), Map.of());
        assertThatThrownBy(() -> withoutNames.writeTo(folder.resolve("nameless")))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("takes one 2-D input `float_input` of 3 columns")
                .hasMessageContaining("--input-example");

        Path example = folder.resolve("example.csv");
        Files.writeString(example, "a,b,c\n1,2,3\n0.5,0.25,8\n");
        ModelPackage modelPackage = new OnnxImport("linear", onnx, Optional.of(example), List.of(), List.of(), Map.of()).writeTo(folder.resolve("pkg"));
        assertThat(modelPackage.descriptor().isClassifier()).isFalse();
        try (LoadedModel model = LoadedModel.load(modelPackage, 1)) {
            Frame output = model.scoreInputExample();
            assertThat(output.columns()).extracting(Column::name).containsExactly("prediction");
            double[] predictions = ((Column.Numbers) output.columns().get(0)).values();
            assertThat(predictions[0]).isCloseTo(2 * 1 - 3 * 2 + 0.5 * 3 + 10, within(1e-5));
            assertThat(predictions[1]).isCloseTo(2 * 0.5 - 3 * 0.25 + 0.5 * 8 + 10, within(1e-5));
        }

        Path wrongWidth = folder.resolve("wide.csv");
        Files.writeString(wrongWidth, "a,b\n1,2\n");
        assertThatThrownBy(() -> new OnnxImport("linear", onnx, Optional.of(wrongWidth), List.of(), List.of(), Map.of()).writeTo(folder.resolve("w")))
                .hasMessageContaining("takes 3 columns, but the input example has 2: [a, b]");
    }

    @Test
    void multiInputGraphTakesOneColumnPerInputByName() {
        Path onnx = folder.resolve("two-inputs.onnx");
        OnnxGraphs.writeTwoInputRegressor(onnx, List.of("AA", "UA", "DL"), new float[] {1, 2, 3}, -1, 0.01f, 5, 1);
        ModelPackage modelPackage = new OnnxImport("delay", onnx, Optional.empty(), List.of(), List.of(), Map.of()).writeTo(folder.resolve("pkg"));
        assertThat(modelPackage.descriptor().signature().inputs()).containsExactly(
                new ColumnSpec("distance", ColumnType.DOUBLE, false), new ColumnSpec("carrier", ColumnType.STRING, false));
        Frame input = new Frame(List.of(new Column.Strings("carrier", new String[] {"UA", "XX", "DL"}),
                new Column.Numbers("distance", ColumnType.LONG, new double[] {100, 200, 1000}, new boolean[3])));
        try (LoadedModel model = LoadedModel.load(modelPackage, 1)) {
            double[] predictions = ((Column.Numbers) model.predict(input).columns().get(0)).values();
            assertThat(predictions[0]).isCloseTo(0.01 * 100 + 5 * 2 + 1, within(1e-4));
            assertThat(predictions[1]).as("unknown carrier").isCloseTo(0.01 * 200 + 5 * -1 + 1, within(1e-4));
            assertThat(predictions[2]).isCloseTo(0.01 * 1000 + 5 * 3 + 1, within(1e-4));

            Frame mistyped = new Frame(List.of(new Column.Strings("carrier", new String[] {"UA"}), new Column.Strings("distance", new String[] {"far"})));
            assertThatThrownBy(() -> model.predict(mistyped)).hasMessageContaining("column `distance`: expected double, got string 'far'");
        }
    }

    @Test
    void probabilityMatrixWithoutDeclaredClassesNeedsClassLabels() {
        BreastCancerModel trained = BreastCancerModel.train();
        ModelPackage exported = trained.exportPackage(folder.resolve("tribuo"), 5);
        Path onnx = exported.file("model.onnx");
        Path example = exported.file("input_example.csv");
        assertThatThrownBy(() -> new OnnxImport("bc", onnx, Optional.of(example), List.of(), List.of(), Map.of()).writeTo(folder.resolve("a")))
                .hasMessageContaining("returns 2 values per row")
                .hasMessageContaining("--class-labels");

        List<String> classes = exported.descriptor().classLabels();
        ModelPackage imported = new OnnxImport("bc", onnx, Optional.of(example), List.of(), classes, Map.of("source", "tribuo")).writeTo(folder.resolve("b"));
        try (LoadedModel model = LoadedModel.load(imported, 1)) {
            Frame output = model.scoreInputExample();
            double[] first = trained.rows().get(0);
            double expected = trained.tribuoProbabilities(first).get(classes.get(1));
            assertThat(((Column.Numbers) output.column("probability_" + classes.get(1)).orElseThrow()).values()[0]).isCloseTo(expected, within(1e-5));
        }
        assertThat(imported.descriptor().metadata()).containsEntry("source", "tribuo");
    }

    @Test
    void aFileThatIsNotOnnxIsRejectedWithTheReason() throws IOException {
        Path notOnnx = folder.resolve("model.onnx");
        Files.writeString(notOnnx, "this is not a protobuf");
        assertThatThrownBy(() -> new OnnxImport("x", notOnnx, Optional.empty(), List.of(), List.of(), Map.of()).writeTo(folder.resolve("p")))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("Cannot load model.onnx as an ONNX model");
    }

    private static double[] softmax(double[] row, float[] offsets, float[] scales) {
        double[] scores = new double[3];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < 3; k++) {
            scores[k] = IRIS_INTERCEPTS[k];
            for (int f = 0; f < 4; f++) {
                scores[k] += IRIS_WEIGHTS[k][f] * (row[f] - offsets[f]) * scales[f];
            }
            max = Math.max(max, scores[k]);
        }
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            scores[k] = Math.exp(scores[k] - max);
            sum += scores[k];
        }
        for (int k = 0; k < 3; k++) {
            scores[k] /= sum;
        }
        return scores;
    }

    private static List<double[]> iris() throws IOException {
        List<String> lines = Files.readAllLines(BreastCancerModel.exampleData().resolve("iris.csv"));
        List<double[]> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            double[] row = new double[4];
            for (int f = 0; f < 4; f++) {
                row[f] = Double.parseDouble(fields[f]);
            }
            rows.add(row);
        }
        return rows;
    }

    private Path example(List<double[]> rows) throws IOException {
        StringBuilder csv = new StringBuilder(String.join(",", IRIS_COLUMNS)).append('\n');
        for (double[] row : rows.subList(0, 5)) {
            csv.append(row[0]).append(',').append(row[1]).append(',').append(row[2]).append(',').append(row[3]).append('\n');
        }
        Path file = folder.resolve("iris-example.csv");
        Files.writeString(file, csv);
        return file;
    }

    private static Frame frame(List<double[]> rows) {
        List<Column> columns = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            int feature = f;
            columns.add(Column.Numbers.ofDoubles(IRIS_COLUMNS.get(f), rows.stream().mapToDouble(row -> row[feature]).toArray()));
        }
        return new Frame(columns);
    }
}
