package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.pipeline.step.ModelVersionOutput;
import dev.cairn.pipeline.step.ModelVersionRegistrar;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.serve.repository.VersionSelector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Model registration for pipeline steps through a server, as {@code cairn models import} does it:
 * the package's files are uploaded under {@code models/<name>/<digest>/} and a version is created
 * from them, which the server checks before it is READY.
 */
final class RestModelVersionRegistrar implements ModelVersionRegistrar {
    private final CairnClient client;

    RestModelVersionRegistrar(CairnClient client) {
        this.client = client;
    }

    @Override
    public ModelVersionOutput register(String name, Path folder, String digest, Optional<String> alias) {
        String artifactFolder = "models/" + name.replaceAll("[^\\w.-]", "_") + "/" + digest;
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                client.putFile("/api/2.0/mlflow-artifacts/artifacts/" + artifactFolder + "/"
                        + folder.relativize(file).toString().replace('\\', '/'), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload " + folder, e);
        }
        ModelsCommand.ensureRegisteredModel(client, name);
        ObjectNode request = CairnClient.JSON.createObjectNode().put("name", name).put("source", "mlflow-artifacts:/" + artifactFolder);
        // A package Cairn trained names its training run: the version's lineage starts there.
        ModelPackage.read(folder).descriptor().runId().ifPresent(runId -> request.put("run_id", runId));
        JsonNode version = client.post("/api/2.0/mlflow/model-versions/create", request
                .put("description", "Registered by a pipeline (package sha256 " + digest + ")")
                .put("user_id", System.getProperty("user.name", ""))).path("model_version");
        int number = version.path("version").asInt();
        if (!version.path("status").asText().equals("READY")) {
            throw CairnException.invalidParameter("Registration of " + name + " version " + number + " failed: "
                    + version.path("status_message").asText());
        }
        ModelVersionOutput registered = new ModelVersionOutput(name, number, digest, folder);
        alias.ifPresent(a -> new RestModelVersionDeployer(client).setAlias(registered, a));
        return registered;
    }

    @Override
    public Optional<ModelPackage> aliased(String name, String alias, Path cacheFolder) {
        ModelRepository repository = new ModelRepository(new RemoteModelSource(client), cacheFolder);
        ModelVersion version;
        try {
            version = repository.resolve(name, new VersionSelector.Alias(alias));
        } catch (CairnClient.ServerError e) {
            if (e.code().equals("RESOURCE_DOES_NOT_EXIST")) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(repository.fetch(version));
    }
}
