package dev.cairn.train.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.cairn.core.error.CairnException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What {@code cairn train --from-run} needs to repeat a training exactly, saved as
 * {@value #FILE} on each candidate's run: the spec, the algorithm and parameters chosen, the seed,
 * and the content digest of every dataset used, so that a repeat refuses changed data.
 *
 * @param specDir      the spec's folder, against which its file paths resolve, relative to the
 *                     folder {@code cairn train} ran in (no machine's absolute path is recorded)
 * @param cairnVersion the version of Cairn that trained
 * @param datasets     the dataset versions used: sources first, the one trained on last
 */
public record TrainingRecord(String specDir, String algorithm, Map<String, Object> params, long seed, String cairnVersion,
                             List<DatasetDigest> datasets, TrainSpec spec) {
    /** The artifact's file name. */
    public static final String FILE = "training-record.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new Jdk8Module())
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Records written by a later Cairn may say more; what this one needs is checked below.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public TrainingRecord {
        requireNonNull(specDir, "specDir is null");
        requireNonNull(algorithm, "algorithm is null");
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        requireNonNull(cairnVersion, "cairnVersion is null");
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        requireNonNull(spec, "spec is null");
    }

    /** A record of a training whose spec is in {@code specDir}, run from {@code workingDir}. */
    public static TrainingRecord of(Path specDir, Path workingDir, String algorithm, Map<String, Object> params, long seed,
                                    String cairnVersion, List<DatasetDigest> datasets, TrainSpec spec) {
        String relative = workingDir.toAbsolutePath().normalize().relativize(specDir.toAbsolutePath().normalize()).toString().replace('\\', '/');
        return new TrainingRecord(relative.isEmpty() ? "." : relative, algorithm, params, seed, cairnVersion, datasets, spec);
    }

    /** The spec's folder for a repeat run from {@code workingDir} (records of older versions hold an absolute path, kept as is). */
    public Path specFolder(Path workingDir) {
        return workingDir.resolve(specDir).normalize();
    }

    /** The recorded content digest of each dataset, by name. */
    public Map<String, String> digests() {
        Map<String, String> digests = new LinkedHashMap<>();
        datasets.forEach(dataset -> digests.put(dataset.name(), dataset.digest()));
        return digests;
    }

    /** Writes the record as JSON. */
    public void write(Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Reads a record; one that does not parse is the caller's error. */
    public static TrainingRecord read(Path file) {
        try {
            return JSON.readValue(file.toFile(), TrainingRecord.class);
        } catch (IOException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof CairnException)) {
                cause = cause.getCause();
            }
            String message = cause instanceof CairnException ? cause.getMessage() : e.getMessage().lines().findFirst().orElse("");
            throw CairnException.invalidParameter("Invalid " + FILE + ": " + message);
        }
    }

    /** One dataset version a training used, by its content digest. */
    public record DatasetDigest(String name, int version, String digest) {
        public DatasetDigest {
            requireNonNull(name, "name is null");
            requireNonNull(digest, "digest is null");
        }
    }
}
