package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.error.CairnException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Which version of a registered model a command means: {@code --version N}, {@code --alias A},
 * or, with neither, the newest READY version (MLflow's {@code models:/name/latest}).
 */
final class ModelVersionRef {
    @Option(names = "--version", paramLabel = "N", description = "The version number")
    Integer version;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "The version an alias points to, e.g. champion")
    String alias;

    /** The version's JSON ({@code model_version}) as the server reports it. */
    JsonNode resolve(CairnClient client, String name) {
        if (version != null && alias != null) {
            throw CairnException.invalidParameter("Give --version or --alias, not both");
        }
        if (alias != null) {
            return client.get("/api/2.0/mlflow/registered-models/alias", Map.of("name", name, "alias", alias)).path("model_version");
        }
        if (version != null) {
            return client.get("/api/2.0/mlflow/model-versions/get", Map.of("name", name, "version", version.toString())).path("model_version");
        }
        JsonNode newest = null;
        for (JsonNode candidate : versions(client, name)) {
            if (candidate.path("status").asText().equals("READY")
                    && (newest == null || candidate.path("version").asInt() > newest.path("version").asInt())) {
                newest = candidate;
            }
        }
        if (newest == null) {
            throw CairnException.notFound("Model '" + name + "' has no READY version");
        }
        return newest;
    }

    /** Every version of a registered model, as the server's {@code model_versions} array. */
    static JsonNode versions(CairnClient client, String name) {
        return client.get("/api/2.0/mlflow/model-versions/search",
                Map.of("filter", "name = '" + name.replace("'", "\\'") + "'", "max_results", "1000")).path("model_versions");
    }

    /** Downloads a version's package archive to a file. */
    static void downloadArchive(CairnClient client, String name, int version, Path archive) {
        client.download("/api/v1/model-versions/package", Map.of("name", name, "version", Integer.toString(version)), archive);
    }

    /** Unpacks an archive; entry names are checked so that none lands outside the folder. */
    static void unzip(Path archive, Path folder) throws IOException {
        try (InputStream in = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.isDirectory()) {
                    continue;
                }
                Path target = folder;
                for (String segment : ArtifactPath.of(entry.getName()).segments()) {
                    target = target.resolve(segment);
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target);
            }
        }
    }
}
