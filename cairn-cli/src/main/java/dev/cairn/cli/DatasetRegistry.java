package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.dataset.NewDatasetVersion;
import dev.cairn.data.file.TableFile;
import dev.cairn.data.profile.ColumnProfile;
import dev.cairn.data.profile.TableProfile;
import dev.cairn.data.profile.TableProfiler;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers data files as dataset versions on a Cairn server. The client computes the sha256
 * and the profile (DuckDB reads the file where it is), keeps a copy of the bytes in the
 * artifact store under {@code datasets/<name>/<sha256>/}, then creates the version. Content the
 * dataset already has is neither profiled nor uploaded again.
 */
final class DatasetRegistry {
    /** The folder of the artifact store that keeps dataset contents. */
    static final String ARTIFACT_FOLDER = "datasets";

    private final CairnClient client;

    /** A registered version: whether this call created it, and its size. */
    record RegisteredDataset(String name, int version, String digest, boolean created, long rowCount) {
    }

    /** One part of a split to record on a version. */
    record Split(String name, String definition, long rowCount) {
    }

    DatasetRegistry(CairnClient client) {
        this.client = client;
    }

    /** Registers a file as a version of a dataset, or finds the version that has the same content. */
    RegisteredDataset register(String name, Path file, String sourceType, String source, String description) {
        NewDatasetVersion.checkName(name);
        TableFile table = new TableFile(file);
        String digest = table.sha256();
        Optional<JsonNode> existing = versionWithDigest(name, digest);
        if (existing.isPresent()) {
            return new RegisteredDataset(name, existing.get().path("version").asInt(), digest, false, existing.get().path("row_count").asLong());
        }
        TableProfile profile = TableProfiler.profile(table);
        String artifactPath = ARTIFACT_FOLDER + "/" + name + "/" + digest + "/" + file.getFileName();
        client.putFile("/api/2.0/mlflow-artifacts/artifacts/" + artifactPath, file);
        ObjectNode request = CairnClient.JSON.createObjectNode().put("name", name).put("digest", digest).put("source_type", sourceType)
                .put("source", source).put("description", description).put("artifact_uri", "mlflow-artifacts:/" + artifactPath)
                .put("row_count", profile.rowCount());
        ArrayNode schema = request.putArray("schema");
        for (ColumnProfile column : profile.columns()) {
            schema.addObject().put("name", column.name()).put("type", column.type()).put("nullable", column.nulls() > 0);
        }
        request.set("profile", CairnClient.JSON.valueToTree(profile));
        JsonNode response = client.post("/api/v1/datasets/versions", request);
        JsonNode version = response.path("dataset_version");
        return new RegisteredDataset(name, version.path("version").asInt(), digest, response.path("created").asBoolean(),
                version.path("row_count").asLong());
    }

    /** Records how a version was split for training. */
    void recordSplit(String name, int version, List<Split> parts) {
        ObjectNode request = CairnClient.JSON.createObjectNode();
        ArrayNode list = request.putArray("parts");
        parts.forEach(part -> list.addObject().put("name", part.name()).put("definition", part.definition()).put("row_count", part.rowCount()));
        client.post("/api/v1/datasets/" + name + "/versions/" + version + "/split", request);
    }

    private Optional<JsonNode> versionWithDigest(String name, String digest) {
        try {
            JsonNode found = client.get("/api/v1/datasets/" + name + "/versions", Map.of("digest", digest)).path("dataset_versions");
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        } catch (CairnClient.ServerError e) {
            if (e.code().equals("RESOURCE_DOES_NOT_EXIST")) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
