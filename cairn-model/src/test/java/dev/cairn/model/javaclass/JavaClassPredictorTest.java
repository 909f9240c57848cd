package dev.cairn.model.javaclass;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.model.runtime.Predictor;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.model.signature.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

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

    private ModelPackage scorerPackage(String className) throws IOException, URISyntaxException {
        Path sources = folder.resolve("src/acme/scoring");
        Files.createDirectories(sources);
        Files.writeString(sources.resolve("FareScorer.java"), SCORER);
        Path classes = folder.resolve("classes");
        Files.createDirectories(classes);
        String classPath = location(Predictor.class) + java.io.File.pathSeparator + location(CairnException.class);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "-d", classes.toString(), "-cp", classPath, sources.resolve("FareScorer.java").toString());
        assertThat(status).as("javac exit status").isZero();

        Path pkg = folder.resolve("pkg-" + className.hashCode());
        Files.createDirectories(pkg);
        try (OutputStream out = Files.newOutputStream(pkg.resolve("scorer.jar")); JarOutputStream jar = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
        }
        Files.writeString(pkg.resolve("rate.txt"), "1.75\n");
        Files.writeString(pkg.resolve("example.csv"), "miles\n10\n0\n");
        ModelDescriptor descriptor = new ModelDescriptor("fares", ModelFlavor.JAVA, "scorer.jar", List.of("scorer.jar", "rate.txt", "example.csv"),
                new Signature(List.of(new ColumnSpec("miles", ColumnType.DOUBLE, false)), List.of(new ColumnSpec("prediction", ColumnType.DOUBLE, false))),
                Optional.of("example.csv"), List.of(), Optional.of(className), Optional.empty(), Optional.empty(), Map.of(), Map.of());
        new ModelPackage(pkg, descriptor).write();
        return ModelPackage.read(pkg);
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
