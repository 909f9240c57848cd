package dev.cairn.serve.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.deployment.Deployment;
import dev.cairn.core.deployment.DeploymentEvent;
import dev.cairn.core.deployment.DeploymentStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.serve.repository.ModelRepository;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The deployments of this server as the API changes them: a change is checked (the spec parses
 * and every version it names is READY now), stored, then applied by the host in the background.
 */
public final class Deployments {
    private final DeploymentStore store;
    private final DeploymentHost host;
    private final ModelRepository repository;

    /** Deployments kept in a store and run by a host. */
    public Deployments(DeploymentStore store, DeploymentHost host, ModelRepository repository) {
        this.store = requireNonNull(store, "store is null");
        this.host = requireNonNull(host, "host is null");
        this.repository = requireNonNull(repository, "repository is null");
    }

    /** Creates a deployment from a spec; it starts loading at once. */
    public Deployment create(String name, JsonNode spec) {
        DeploymentSpec parsed = checked(spec);
        Deployment created = store.create(name, parsed.toJson().toString());
        host.apply(name);
        return created;
    }

    /**
     * Changes a deployment: {@code version} or {@code alias} moves the stable arm, {@code traffic}
     * replaces the policy, {@code settings} fields replace those given, {@code model} the model.
     */
    public Deployment update(String name, JsonNode patch) {
        if (!patch.isObject()) {
            throw CairnException.invalidParameter("The change must be a JSON object");
        }
        ObjectNode merged = DeploymentSpec.parse(store.get(name).spec()).toJson();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                throw CairnException.invalidParameter("'" + field.getKey() + "' must not be null; leave a field out to keep it");
            }
            switch (field.getKey()) {
                case "version", "alias" -> {
                    merged.remove(List.of("version", "alias"));
                    merged.set(field.getKey(), field.getValue());
                }
                case "settings" -> {
                    if (!field.getValue().isObject()) {
                        throw CairnException.invalidParameter("settings must be a JSON object");
                    }
                    ((ObjectNode) merged.get("settings")).setAll((ObjectNode) field.getValue());
                }
                case "model", "traffic" -> merged.set(field.getKey(), field.getValue());
                default -> throw CairnException.invalidParameter("Unknown field '" + field.getKey()
                        + "'; a change may set model, version, alias, traffic and settings");
            }
        }
        if (merged.path("traffic").path("policy").asText().equals("ab")) {
            if (patch.has("version") || patch.has("alias")) {
                throw CairnException.invalidParameter("An A/B deployment names its versions in traffic.arms; change those instead of version or alias");
            }
            merged.remove(List.of("version", "alias"));
        }
        DeploymentSpec parsed = checked(merged);
        Deployment updated = store.updateSpec(name, parsed.toJson().toString());
        host.apply(name);
        return updated;
    }

    /** Deletes a deployment; it stops serving within a moment. */
    public void delete(String name) {
        store.delete(name);
        host.apply(name);
    }

    /** A deployment as stored. */
    public Deployment get(String name) {
        return store.get(name);
    }

    /** Every deployment. */
    public List<Deployment> list() {
        return store.list();
    }

    /** The newest events of a deployment. */
    public List<DeploymentEvent> events(String name, int limit) {
        return store.events(name, limit);
    }

    /** The endpoint serving a deployment in this process. */
    public Optional<Endpoint> endpoint(String name) {
        return host.endpoint(name);
    }

    /**
     * The version on the deployment's first arm in this process (the stable one, for canary and
     * shadow); an invalid state while it serves nothing yet, not found if it does not exist.
     */
    public ModelVersion primaryVersion(String name) {
        List<ServingArm> serving = endpoint(name).map(Endpoint::serving).orElse(List.of());
        if (serving.isEmpty()) {
            store.get(name);
            throw new CairnException(ErrorCode.INVALID_STATE, "Deployment '" + name + "' serves nothing yet");
        }
        return serving.get(0).version();
    }

    private DeploymentSpec checked(JsonNode spec) {
        DeploymentSpec parsed = DeploymentSpec.parse(spec);
        for (ArmSpec arm : parsed.arms()) {
            repository.resolve(parsed.model(), arm.version());
        }
        return parsed;
    }
}
