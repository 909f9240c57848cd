package dev.cairn.model.pkg;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * A model package: a folder holding {@code cairn-model.yaml} and the files it lists. Reading a
 * package checks that every listed file exists inside the folder.
 */
public record ModelPackage(Path folder, ModelDescriptor descriptor) {
    /** The descriptor's file name. */
    public static final String DESCRIPTOR_FILE = "cairn-model.yaml";

    /** Writes a transform's kind as a plain {@code kind:} field, which people read and edit more easily than YAML tags. */
    private static final ObjectMapper YAML = JsonMapper.builder(YAMLFactory.builder().disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID).build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new Jdk8Module())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public ModelPackage {
        requireNonNull(folder, "folder is null");
        requireNonNull(descriptor, "descriptor is null");
    }

    /** Parses a {@value #DESCRIPTOR_FILE}, wherever it is stored; a malformed one is the caller's error. */
    public static ModelDescriptor readDescriptor(InputStream in) {
        try {
            return YAML.readValue(in, ModelDescriptor.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof CairnException ? e.getCause() : e;
            throw CairnException.invalidParameter("Invalid " + DESCRIPTOR_FILE + ": " + cause.getMessage());
        }
    }

    /** Reads the package in a folder. */
    public static ModelPackage read(Path folder) {
        Path descriptorFile = folder.resolve(DESCRIPTOR_FILE);
        if (!Files.isRegularFile(descriptorFile)) {
            throw CairnException.invalidParameter("No " + DESCRIPTOR_FILE + " in " + folder);
        }
        ModelDescriptor descriptor;
        try (InputStream in = Files.newInputStream(descriptorFile)) {
            descriptor = readDescriptor(in);
        } catch (IOException e) {
            throw CairnException.invalidParameter("Cannot read " + DESCRIPTOR_FILE + ": " + e.getMessage());
        }
        ModelPackage modelPackage = new ModelPackage(folder, descriptor);
        for (String file : descriptor.files()) {
            if (!Files.isRegularFile(modelPackage.file(file))) {
                throw CairnException.invalidParameter(DESCRIPTOR_FILE + " lists '" + file + "', which is not in the package");
            }
        }
        return modelPackage;
    }

    /** Writes {@code cairn-model.yaml} into the folder. */
    public void write() {
        try {
            Files.createDirectories(folder);
            YAML.writeValue(folder.resolve(DESCRIPTOR_FILE).toFile(), descriptor);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Cannot write " + DESCRIPTOR_FILE + ": " + e.getMessage(), e);
        }
    }

    /** A file of the package; the relative path is validated so it cannot leave the folder. */
    public Path file(String relative) {
        return resolveInside(folder, relative);
    }

    /** A relative path under a folder, validated segment by segment so that it cannot leave the folder. */
    public static Path resolveInside(Path folder, String relative) {
        Path resolved = folder;
        for (String segment : ArtifactPath.of(relative).segments()) {
            resolved = resolved.resolve(segment);
        }
        return resolved;
    }
}
