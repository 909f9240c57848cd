package dev.cairn.model.testing;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.Predictor;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.model.signature.Signature;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds {@code java} flavor packages for tests: compiles a scoring class's source with javac,
 * packs it in {@code scorer.jar} with a {@code rate.txt} and an input example of one
 * {@code miles} column, and writes the descriptor.
 */
public final class JavaScorerPackages {
    private JavaScorerPackages() {
    }

    /** A package in {@code folder/name} whose entry class is {@code className}, compiled from {@code source}. */
    public static ModelPackage build(Path folder, String name, String className, String source) {
        return build(folder, name, className, source, className);
    }

    /**
     * A package in {@code folder/name} holding {@code sourceClass} compiled from {@code source},
     * whose descriptor names {@code entryClass} (which may be missing or wrong, for tests of that).
     */
    public static ModelPackage build(Path folder, String name, String sourceClass, String source, String entryClass) {
        String className = sourceClass;
        try {
            Path sources = folder.resolve(name + "-src");
            Path file = sources.resolve(className.replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            Path classes = folder.resolve(name + "-classes");
            Files.createDirectories(classes);
            String classPath = location(Predictor.class) + java.io.File.pathSeparator + location(CairnException.class);
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            if (compiler.run(null, null, null, "-d", classes.toString(), "-cp", classPath, file.toString()) != 0) {
                throw new IllegalStateException("javac failed on " + file);
            }
            Path pkg = folder.resolve(name);
            Files.createDirectories(pkg);
            try (OutputStream out = Files.newOutputStream(pkg.resolve("scorer.jar")); JarOutputStream jar = new JarOutputStream(out);
                 Stream<Path> files = Files.walk(classes)) {
                for (Path compiled : files.filter(Files::isRegularFile).toList()) {
                    jar.putNextEntry(new JarEntry(classes.relativize(compiled).toString().replace('\\', '/')));
                    jar.write(Files.readAllBytes(compiled));
                    jar.closeEntry();
                }
            }
            Files.writeString(pkg.resolve("rate.txt"), "1.75\n");
            Files.writeString(pkg.resolve("example.csv"), "miles\n10\n0\n");
            ModelDescriptor descriptor = new ModelDescriptor("fares", ModelFlavor.JAVA, "scorer.jar",
                    List.of("scorer.jar", "rate.txt", "example.csv"),
                    new Signature(List.of(new ColumnSpec("miles", ColumnType.DOUBLE, false)),
                            List.of(new ColumnSpec("prediction", ColumnType.DOUBLE, false))),
                    Optional.of("example.csv"), List.of(), Optional.of(entryClass), Optional.empty(), Optional.empty(), Map.of(), Map.of());
            new ModelPackage(pkg, descriptor).write();
            return ModelPackage.read(pkg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
