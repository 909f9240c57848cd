package dev.cairn.pipeline.testing;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.pipeline.step.Step;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Jars of user step classes, compiled by the test that needs them: no binary is kept in the repository. */
public final class StepJars {
    private StepJars() {
    }

    /** Compiles one class against the pipeline module's classes and jars it as {@code jar}. */
    public static Path write(Path jar, String className, String source) {
        try {
            Path sources = Files.createTempDirectory(Files.createDirectories(jar.toAbsolutePath().getParent()), "src-");
            Path file = sources.resolve(className.replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
            Path classes = Files.createDirectories(sources.resolve("classes"));
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            String classpath = Stream.of(Step.class, JsonNode.class, TreeNode.class, JsonTypeInfo.class, CairnException.class)
                    .map(StepJars::location).collect(Collectors.joining(File.pathSeparator));
            int status = compiler.run(null, null, null, "--release", "17", "-classpath", classpath, "-d", classes.toString(), file.toString());
            if (status != 0) {
                throw new IllegalStateException("javac failed on " + className);
            }
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out);
                 Stream<Path> compiled = Files.walk(classes)) {
                for (Path classFile : compiled.filter(Files::isRegularFile).toList()) {
                    entries.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
                    entries.write(Files.readAllBytes(classFile));
                    entries.closeEntry();
                }
            }
            return jar;
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
