package dev.cairn.model.javaclass;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.model.runtime.Predictor;
import dev.cairn.model.testing.JavaScorerPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The java flavor: a scoring class compiled here, packed in a jar, loaded in its own class loader. */
class JavaClassPredictorTest {
    private static final String SCORER = """
            package acme.scoring;

            import dev.cairn.model.frame.Column;
            import dev.cairn.model.frame.Frame;
            import dev.cairn.model.runtime.ModelContext;
            import dev.cairn.model.runtime.Predictor;
            import java.io.IOException;
            import java.nio.file.Files;
            import java.util.List;

            public class FareScorer implements Predictor {
                private double perMile;

                @Override
                public void init(ModelContext context) {
                    try {
                        perMile = Double.parseDouble(Files.readString(context.modelPackage().file("rate.txt")).trim());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public Frame predict(Frame input) {
                    double[] miles = ((Column.Numbers) input.column("miles").orElseThrow()).values();
                    double[] fares = new double[miles.length];
                    for (int i = 0; i < miles.length; i++) {
                        if (miles[i] < 0) {
                            throw new IllegalArgumentException("negative distance " + miles[i]);
                        }
                        fares[i] = 2.5 + perMile * miles[i];
                    }
                    return new Frame(List.of(Column.Numbers.ofDoubles("prediction", fares)));
                }
            }
            """;

    @TempDir
    Path folder;

    @Test
    void scoringClassCompiledHereLoadsInItsOwnClassLoaderAndScores() throws Exception {
        ModelPackage modelPackage = scorerPackage("acme.scoring.FareScorer");
        try (LoadedModel model = LoadedModel.load(modelPackage, 1)) {
            assertThat(((Column.Numbers) model.scoreInputExample().columns().get(0)).values()).containsExactly(2.5 + 1.75 * 10, 2.5);
            Frame input = new Frame(List.of(new Column.Numbers("miles", ColumnType.LONG, new double[] {4, 100}, new boolean[2])));
            assertThat(((Column.Numbers) model.predict(input).columns().get(0)).values()).containsExactly(2.5 + 1.75 * 4, 2.5 + 175);

            Frame negative = new Frame(List.of(Column.Numbers.ofDoubles("miles", new double[] {-1})));
            assertThatThrownBy(() -> model.predict(negative))
                    .isInstanceOf(CairnException.class)
                    .hasMessageContaining("The model's scoring class failed")
                    .hasMessageContaining("negative distance -1.0");
        }
        assertThatThrownBy(() -> Class.forName("acme.scoring.FareScorer"))
                .as("the user's class stays in the model's own class loader")
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aMissingOrWrongClassIsAClearLoadError() throws Exception {
        assertThatThrownBy(() -> LoadedModel.load(scorerPackage("acme.scoring.Nope"), 1))
                .isInstanceOf(CairnException.class)
                .hasMessage("Class acme.scoring.Nope is not in the package's jars");
        assertThatThrownBy(() -> LoadedModel.load(scorerPackage("java.lang.String"), 1))
                .hasMessage("Class java.lang.String does not implement " + Predictor.class.getName());
    }

    private ModelPackage scorerPackage(String className) {
        return JavaScorerPackages.build(folder, "pkg-" + Integer.toHexString(className.hashCode()), "acme.scoring.FareScorer", SCORER,
                className);
    }
}
