package dev.cairn.model.tribuo;

import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.model.signature.Signature;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.math.optimisers.AdaGrad;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The tribuo flavor: models saved in Tribuo's protobuf format, scored through Cairn. */
class TribuoPredictorTest {
    @TempDir
    Path folder;

    @Test
    void savedClassifierGivesTribuosOwnProbabilitiesOnEveryRow() {
        BreastCancerModel trained = BreastCancerModel.train();
        ModelPackage modelPackage = ModelPackage.read(trained.exportTribuoPackage(folder.resolve("pkg"), 5).folder());
        List<String> inputs = modelPackage.descriptor().signature().inputs().stream().map(ColumnSpec::name).toList();
        List<Column> columns = new ArrayList<>();
        for (String name : inputs) {
            int index = trained.featureNames().indexOf(name);
            columns.add(Column.Numbers.ofDoubles(name, trained.rows().stream().mapToDouble(row -> row[index]).toArray()));
        }
        try (LoadedModel model = LoadedModel.load(modelPackage, 1)) {
            assertThat(model.scoreInputExample().rowCount()).isEqualTo(5);
            Frame output = model.predict(new Frame(columns));
            for (int r = 0; r < output.rowCount(); r++) {
                Map<String, Double> expected = trained.tribuoProbabilities(trained.rows().get(r));
                for (String label : modelPackage.descriptor().classLabels()) {
                    double actual = ((Column.Numbers) output.column("probability_" + label).orElseThrow()).values()[r];
                    assertThat(actual).as("row %d class %s", r, label).isCloseTo(expected.get(label), within(1e-12));
                }
            }
        }
    }

    @Test
    void textColumnsBecomeTribuosOneHotFeatures() throws Exception {
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> data = new MutableDataset<>(new SimpleDataSourceProvenance("synthetic", factory), factory);
        Random random = new Random(7);
        String[] colors = {"red", "blue", "green"};
        for (int i = 0; i < 300; i++) {
            double x = random.nextDouble() * 10;
            String color = colors[i % 3];
            double y = 3 * x + (color.equals("red") ? 5 : color.equals("blue") ? -2 : 0) + random.nextGaussian() * 0.1;
            data.add(new ArrayExample<>(new Regressor("y", y), new String[] {"x", "color@" + color}, new double[] {x, 1.0}));
        }
        Model<Regressor> regressor = new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.5), 20, 1).train(data);
        Path pkg = folder.resolve("regression");
        Files.createDirectories(pkg);
        regressor.serializeToFile(pkg.resolve("model.tribuo"));
        Files.writeString(pkg.resolve("example.csv"), "x,color\n1.5,red\n2,blue\n");
        new ModelPackage(pkg, new ModelDescriptor("synthetic", ModelFlavor.TRIBUO, "model.tribuo", List.of("model.tribuo", "example.csv"),
                new Signature(List.of(new ColumnSpec("x", ColumnType.DOUBLE, false), new ColumnSpec("color", ColumnType.STRING, false)),
                        List.of(new ColumnSpec("prediction", ColumnType.DOUBLE, false))),
                Optional.of("example.csv"), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Map.of())).write();

        Frame input = new Frame(List.of(Column.Numbers.ofDoubles("x", new double[] {1, 4, 9}),
                new Column.Strings("color", new String[] {"red", "blue", "green"})));
        try (LoadedModel model = LoadedModel.load(ModelPackage.read(pkg), 1)) {
            double[] predictions = ((Column.Numbers) model.predict(input).columns().get(0)).values();
            for (int r = 0; r < 3; r++) {
                String color = input.columns().get(1).text(r);
                double x = ((Column.Numbers) input.columns().get(0)).values()[r];
                double direct = regressor.predict(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR,
                        new String[] {"x", "color@" + color}, new double[] {x, 1.0})).getOutput().getValues()[0];
                assertThat(predictions[r]).as("row %d", r).isCloseTo(direct, within(1e-12));
            }
            assertThat(predictions[0] - predictions[1]).as("red is 7 above blue, less 3 per unit of x").isCloseTo(7 - 9, within(0.5));
        }
    }

    @Test
    void aClassifierDescribedAsARegressorIsRejected() {
        BreastCancerModel trained = BreastCancerModel.train();
        ModelPackage exported = trained.exportTribuoPackage(folder.resolve("pkg"), 5);
        ModelDescriptor d = exported.descriptor();
        ModelPackage wrong = new ModelPackage(exported.folder(), new ModelDescriptor(d.name(), d.flavor(), d.modelFile(), d.files(),
                d.signature(), d.inputExample(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Map.of()));
        assertThatThrownBy(() -> LoadedModel.load(wrong, 1)).hasMessageContaining("is a classifier, but cairn-model.yaml names no class_labels");
    }
}
