package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.registry.ModelFile;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.ModelVersionStatus;
import dev.cairn.core.registry.Stage;
import dev.cairn.core.tracking.Tag;
import dev.cairn.serve.repository.ModelSource;
import dev.cairn.serve.repository.VersionSelector;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Registered versions and their files read from a Cairn server over its REST API, so that the
 * CLI scores through the same {@code ModelRepository} (and its verified cache) as the server.
 */
final class RemoteModelSource implements ModelSource {
    private final CairnClient client;

    RemoteModelSource(CairnClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    @Override
    public ModelVersion resolve(String model, VersionSelector selector) {
        JsonNode json;
        if (selector instanceof VersionSelector.Number number) {
            json = client.get("/api/2.0/mlflow/model-versions/get", Map.of("name", model, "version", Integer.toString(number.version())))
                    .path("model_version");
        } else if (selector instanceof VersionSelector.Alias alias) {
            json = client.get("/api/2.0/mlflow/registered-models/alias", Map.of("name", model, "alias", alias.alias())).path("model_version");
        } else {
            json = null;
            for (JsonNode candidate : ModelVersionRef.versions(client, model)) {
                if (candidate.path("status").asText().equals("READY")
                        && (json == null || candidate.path("version").asInt() > json.path("version").asInt())) {
                    json = candidate;
                }
            }
            if (json == null) {
                throw CairnException.notFound("Model '" + model + "' has no READY version");
            }
        }
        ModelVersion version = modelVersion(json);
        if (version.status() != ModelVersionStatus.READY) {
            throw CairnException.invalidParameter("Version " + version.version() + " of model '" + model + "' is " + version.status()
                    + "; only READY versions can be scored");
        }
        return version;
    }

    @Override
    public List<ModelFile> files(ModelVersion version) {
        List<ModelFile> files = new ArrayList<>();
        for (JsonNode file : client.get("/api/v1/model-versions/files", query(version)).path("files")) {
            files.add(new ModelFile(file.path("path").asText(), file.path("size").asLong(), file.path("digest").asText()));
        }
        return files;
    }

    /** Downloads the file to a temporary file first: the repository verifies its digest as it reads. */
    @Override
    public InputStream open(ModelVersion version, ModelFile file) {
        try {
            Path temporary = Files.createTempFile("cairn-model-file-", ".part");
            Map<String, String> query = new java.util.HashMap<>(query(version));
            query.put("digest", file.digest());
            client.download("/api/v1/model-versions/files/content", query, temporary);
            return new FilterInputStream(Files.newInputStream(temporary)) {
                @Override
                public void close() throws IOException {
                    super.close();
                    Files.deleteIfExists(temporary);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + file.path() + " of model '" + version.name() + "'", e);
        }
    }

    private static Map<String, String> query(ModelVersion version) {
        return Map.of("name", version.name(), "version", Integer.toString(version.version()));
    }

    /** A version as the MLflow API writes it. */
    private static ModelVersion modelVersion(JsonNode json) {
        List<Tag> tags = new ArrayList<>();
        json.path("tags").forEach(tag -> tags.add(new Tag(tag.path("key").asText(), tag.path("value").asText())));
        List<String> aliases = new ArrayList<>();
        json.path("aliases").forEach(alias -> aliases.add(alias.asText()));
        String runId = json.path("run_id").asText("");
        return new ModelVersion(json.path("name").asText(), json.path("version").asInt(), json.path("creation_timestamp").asLong(),
                json.path("last_updated_timestamp").asLong(), json.path("description").asText(""), json.path("user_id").asText(""),
                json.path("source").asText(""), runId.isEmpty() ? Optional.empty() : Optional.of(runId),
                ModelVersionStatus.valueOf(json.path("status").asText("READY")), json.path("status_message").asText(""),
                Stage.parse(json.path("current_stage").asText("None")), tags, aliases);
    }
}
