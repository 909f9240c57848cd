package dev.cairn.model.runtime;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.CsvFrames;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A Tribuo model exported to ONNX, run through Cairn's ONNX runtime. */
class OnnxPredictorTest {
    private static BreastCancerModel trained;

    @TempDir
    Path folder;

    @BeforeAll
    static void train() {
        trained = BreastCancerModel.train();
    }

    @Test
    void onnxProbabilitiesMatchTribuoOnEveryRow() throws Exception {
        ModelPackage written = trained.exportPackage(folder.resolve("pkg"), 5);
        ModelPackage read = ModelPackage.read(folder.resolve("pkg"));
        assertThat(read.descriptor()).isEqualTo(written.descriptor());

        List<String> inputs = read.descriptor().signature().inputs().stream().map(spec -> spec.name()).toList();
        List<Column> columns = new ArrayList<>();
        for (String name : inputs) {
            int index = trained.featureNames().indexOf(name);
            double[] values = trained.rows().stream().mapToDouble(row -> row[index]).toArray();
            columns.add(Column.Numbers.ofDoubles(name, values));
        }
        try (LoadedModel model = LoadedModel.load(read, 1)) {
            Frame output = model.predict(new Frame(columns));
            assertThat(output.rowCount()).isEqualTo(569);
            for (int row = 0; row < output.rowCount(); row++) {
                Map<String, Double> expected = trained.tribuoProbabilities(trained.rows().get(row));
                for (String label : read.descriptor().classLabels()) {
                    double actual = ((Column.Numbers) output.column("probability_" + label).orElseThrow()).values()[row];
                    assertThat(actual).as("row %d, class %s", row, label).isCloseTo(expected.get(label), within(1e-5));
                }
                String best = expected.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                assertThat(output.column("label").orElseThrow().text(row)).isEqualTo(best);
            }
            assertThat(model.scoreInputExample().rowCount()).isEqualTo(5);
        }
    }

    @Test
    void reportsEverySignatureProblemAtOnce() {
        ModelPackage modelPackage = trained.exportPackage(folder.resolve("pkg"), 3);
        try (LoadedModel model = LoadedModel.load(modelPackage, 1)) {
            Frame example = CsvFrames.read(modelPackage.file("input_example.csv"));
            List<Column> broken = new ArrayList<>(example.columns().subList(1, example.columns().size()));
            broken.set(0, new Column.Strings(broken.get(0).name(), new String[] {"far", "1.0", "2.0"}));
            broken.add(new Column.Strings("extra", new String[] {"a", "b", "c"}));
            assertThatThrownBy(() -> model.predict(new Frame(broken)))
                    .isInstanceOf(CairnException.class)
                    .hasMessageContaining("missing column `" + example.columns().get(0).name() + "`")
                    .hasMessageContaining("column `" + broken.get(0).name() + "`: expected double, got string 'far'")
                    .hasMessageContaining("unexpected column `extra`");
        }
    }

    @Test
    void refusesCorruptOnnxFilesWithTheReason() throws Exception {
        ModelPackage modelPackage = trained.exportPackage(folder.resolve("pkg"), 3);
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Files.write(modelPackage.file("model.onnx"), garbage);
        assertThatThrownBy(() -> LoadedModel.load(ModelPackage.read(modelPackage.folder()), 1))
                .isInstanceOf(CairnException.class)
                .hasMessageStartingWith("Cannot load ONNX model model.onnx");

        byte[] valid = Files.readAllBytes(trained.exportPackage(folder.resolve("again"), 3).file("model.onnx"));
        Files.write(modelPackage.file("model.onnx"), Arrays.copyOf(valid, valid.length / 2));
        assertThatThrownBy(() -> LoadedModel.load(ModelPackage.read(modelPackage.folder()), 1))
                .hasMessageStartingWith("Cannot load ONNX model model.onnx");
    }
}
