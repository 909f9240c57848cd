package dev.cairn.pipeline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.dataset.DatasetColumn;
import dev.cairn.core.dataset.DatasetPart;
import dev.cairn.core.dataset.DatasetStore;
import dev.cairn.core.dataset.DatasetVersion;
import dev.cairn.core.dataset.NewDatasetVersion;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.profile.TableProfile;
import dev.cairn.data.profile.TableProfiler;
import dev.cairn.pipeline.step.DatasetOutput;
import dev.cairn.pipeline.step.DatasetRegistrar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Registers dataset versions in a {@link DatasetStore}, keeping the content in the
 * {@link ArtifactStore} under {@code datasets/<name>/<sha256>/<file>}, as {@code cairn datasets
 * register} does through the API. Content a dataset already has is neither profiled nor copied.
 */
public final class StoreDatasetRegistrar implements DatasetRegistrar {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new Jdk8Module()).build();

    private final DatasetStore datasets;
    private final ArtifactStore artifacts;

    /** Registration into these stores. */
    public StoreDatasetRegistrar(DatasetStore datasets, ArtifactStore artifacts) {
        this.datasets = datasets;
        this.artifacts = artifacts;
    }

    @Override
    public DatasetOutput register(String name, Path file, String sourceType, String source) {
        NewDatasetVersion.checkName(name);
        TableFile table = new TableFile(file);
        String digest = table.sha256();
        Optional<DatasetVersion> existing = versionWithDigest(name, digest);
        if (existing.isPresent()) {
            return new DatasetOutput(name, existing.get().version(), digest, file);
        }
        TableProfile profile = TableProfiler.profile(table);
        String artifactPath = "datasets/" + name + "/" + digest + "/" + file.getFileName();
        try (InputStream content = Files.newInputStream(file)) {
            artifacts.put(ArtifactPath.of(artifactPath), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<DatasetColumn> columns = profile.columns().stream().map(c -> new DatasetColumn(c.name(), c.type(), c.nulls() > 0)).toList();
        DatasetVersion version = datasets.register(new NewDatasetVersion(name, digest, sourceType, source, "", "mlflow-artifacts:/" + artifactPath,
                profile.rowCount(), columns, profileJson(profile))).version();
        return new DatasetOutput(name, version.version(), digest, file);
    }

    @Override
    public void recordSplit(DatasetOutput dataset, List<DatasetPart> parts) {
        datasets.recordSplit(dataset.name(), dataset.version(), parts);
    }

    /** The version with this content; a dataset not registered yet has none. */
    private Optional<DatasetVersion> versionWithDigest(String name, String digest) {
        try {
            return datasets.findByDigest(name, digest);
        } catch (CairnException e) {
            if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private static String profileJson(TableProfile profile) {
        try {
            return JSON.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a profile is records of numbers and text", e);
        }
    }
}
