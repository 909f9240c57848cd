package dev.cairn.server.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.deployment.Deployment;
import dev.cairn.core.deployment.DeploymentState;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.serve.deployment.DeploymentSpec;
import dev.cairn.serve.deployment.Deployments;
import dev.cairn.serve.deployment.Endpoint;
import dev.cairn.serve.deployment.Inference;
import dev.cairn.serve.deployment.ServingArm;
import dev.cairn.serve.deployment.TrafficPolicy;
import dev.cairn.serve.protocol.InferenceRequest;
import dev.cairn.serve.protocol.InvocationsCodec;
import dev.cairn.serve.protocol.OipCodec;
import dev.cairn.server.CairnVersion;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Scoring over HTTP. The Open Inference Protocol v2 (KServe, Triton, MLServer) under {@code /v2},
 * where the model name is the deployment's name, and MLflow's scoring formats at
 * {@code /deployments/{name}/invocations}. Every answer names the version that gave it and the
 * prediction id of each row.
 */
public final class InferenceRoutes {
    /** Response headers of {@code /invocations}: MLflow's body has no room for them. */
    public static final String PREDICTION_IDS_HEADER = "X-Cairn-Prediction-Ids";
    public static final String MODEL_VERSION_HEADER = "X-Cairn-Model-Version";
    public static final String ARM_HEADER = "X-Cairn-Arm";
    /** Prediction ids are listed in a header only up to this many rows, to keep headers bounded. */
    private static final int MAX_IDS_IN_HEADER = 100;

    private final Deployments deployments;

    /** Routes over the server's deployments. */
    public InferenceRoutes(Deployments deployments) {
        this.deployments = requireNonNull(deployments, "deployments is null");
    }

    /** Registers the routes. */
    public void register(RoutesConfig routes) {
        routes.get("/v2", ctx -> Json.respond(ctx, Json.object().put("name", "cairn").put("version", CairnVersion.VERSION)
                .set("extensions", Json.MAPPER.createArrayNode())));
        routes.get("/v2/health/live", ctx -> Json.respond(ctx, Json.object().put("live", true)));
        routes.get("/v2/health/ready", ctx -> Json.respond(ctx, Json.object().put("ready", true)));
        routes.get("/v2/models/{name}", ctx -> metadata(ctx, Optional.empty()));
        routes.get("/v2/models/{name}/versions/{version}", ctx -> metadata(ctx, Optional.of(version(ctx))));
        routes.get("/v2/models/{name}/ready", ctx -> ready(ctx, Optional.empty()));
        routes.get("/v2/models/{name}/versions/{version}/ready", ctx -> ready(ctx, Optional.of(version(ctx))));
        routes.post("/v2/models/{name}/infer", ctx -> infer(ctx, Optional.empty()));
        routes.post("/v2/models/{name}/versions/{version}/infer", ctx -> infer(ctx, Optional.of(version(ctx))));
        routes.post("/deployments/{name}/invocations", ctx -> invocations(ctx, ctx.pathParam("name")));
    }

    /**
     * Registers MLflow's root {@code POST /invocations} and {@code GET /ping} for one deployment,
     * as {@code mlflow models serve} answers them: what a serving process for a single deployment offers.
     */
    public void registerRoot(RoutesConfig routes, String deployment) {
        routes.post("/invocations", ctx -> invocations(ctx, deployment));
        routes.get("/ping", ctx -> {
            endpoint(deployment);
            ctx.contentType("application/json").result("\n");
        });
    }

    private void metadata(Context ctx, Optional<Integer> version) {
        Endpoint endpoint = endpoint(ctx);
        List<ServingArm> serving = serving(endpoint, version);
        ModelDescriptor descriptor = serving.get(0).descriptor();
        List<String> versions = serving.stream().map(arm -> Integer.toString(arm.version().version())).distinct().toList();
        Json.respond(ctx, OipCodec.modelMetadata(endpoint.name(), versions, "cairn_" + descriptor.flavor().wireName(), descriptor.signature()));
    }

    private void ready(Context ctx, Optional<Integer> version) {
        Endpoint endpoint = endpoint(ctx);
        serving(endpoint, version);
        Json.respond(ctx, Json.object().put("name", endpoint.name()).put("ready", true));
    }

    private void infer(Context ctx, Optional<Integer> version) {
        Endpoint endpoint = endpoint(ctx);
        DeploymentSpec spec = spec(endpoint);
        List<ServingArm> serving = serving(endpoint, version);
        byte[] body = RequestFields.bodyBytes(ctx, spec.settings().maxRequestBytes());
        // Every arm of a deployment serves the same model's versions; the first arm's signature reads the request.
        InferenceRequest request = OipCodec.readRequest(body, serving.get(0).descriptor().signature());
        Inference inference = version.isPresent()
                ? endpoint.inferVersion(version.get(), request.inputs())
                : endpoint.infer(request.inputs(), stickyKey(ctx, spec, Optional.of(request.parameters())));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("prediction_ids", inference.predictionIds());
        parameters.put("arm", inference.arm());
        parameters.put("model", inference.version().name());
        ctx.contentType("application/json").result(OipCodec.writeResponse(endpoint.name(), Integer.toString(inference.version().version()),
                request.id(), inference.outputs(), parameters));
    }

    private void invocations(Context ctx, String name) {
        Endpoint endpoint = endpoint(name);
        DeploymentSpec spec = spec(endpoint);
        List<ServingArm> serving = serving(endpoint, Optional.empty());
        byte[] body = RequestFields.bodyBytes(ctx, spec.settings().maxRequestBytes());
        String contentType = Optional.ofNullable(ctx.contentType()).orElse("");
        var input = InvocationsCodec.read(contentType, body, serving.get(0).descriptor().signature());
        Inference inference = endpoint.infer(input, stickyKey(ctx, spec, Optional.empty()));
        List<String> ids = inference.predictionIds();
        ctx.header(MODEL_VERSION_HEADER, Integer.toString(inference.version().version()));
        ctx.header(ARM_HEADER, inference.arm());
        if (ids.size() <= MAX_IDS_IN_HEADER) {
            ctx.header(PREDICTION_IDS_HEADER, String.join(",", ids));
        }
        ctx.contentType("application/json").result(InvocationsCodec.write(inference.outputs()));
    }

    /** The A/B sticky key's value: a request header of that name, or a field of the OIP request's parameters. */
    private static Optional<String> stickyKey(Context ctx, DeploymentSpec spec, Optional<JsonNode> parameters) {
        if (!(spec.policy() instanceof TrafficPolicy.Split split) || split.stickyKey().isEmpty()) {
            return Optional.empty();
        }
        String key = split.stickyKey().get();
        String header = ctx.header(key);
        if (header != null) {
            return Optional.of(header);
        }
        return parameters.map(p -> p.get(key)).filter(value -> value != null && value.isValueNode()).map(JsonNode::asText);
    }

    private Endpoint endpoint(Context ctx) {
        return endpoint(ctx.pathParam("name"));
    }

    private Endpoint endpoint(String name) {
        Endpoint endpoint = deployments.endpoint(name).orElseThrow(() -> CairnException.notFound("No deployment named '" + name
                + "'; create one with cairn deploy or POST /api/v1/deployments"));
        if (!endpoint.isReady()) {
            throw notReady(name);
        }
        return endpoint;
    }

    /** The spec serving now, read once per request: the deployment may be replaced or removed meanwhile. */
    private DeploymentSpec spec(Endpoint endpoint) {
        return endpoint.spec().orElseThrow(() -> notReady(endpoint.name()));
    }

    private CairnException notReady(String name) {
        Optional<Deployment> stored;
        try {
            stored = Optional.of(deployments.get(name));
        } catch (CairnException deleted) {
            return CairnException.notFound("No deployment named '" + name + "'; it was deleted");
        }
        Deployment deployment = stored.get();
        String state = deployment.state() == DeploymentState.READY ? "loading in this process" : deployment.state().wireName();
        return new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Deployment '" + name + "' is not ready yet (" + state + ")"
                + (deployment.stateMessage().isEmpty() ? "" : ": " + deployment.stateMessage()) + "; try again shortly");
    }

    private static List<ServingArm> serving(Endpoint endpoint, Optional<Integer> version) {
        List<ServingArm> serving = endpoint.serving();
        if (serving.isEmpty()) {
            throw new CairnException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Deployment '" + endpoint.name() + "' is not ready yet");
        }
        if (version.isEmpty()) {
            return serving;
        }
        List<ServingArm> matching = serving.stream().filter(arm -> arm.version().version() == version.get()).toList();
        if (matching.isEmpty()) {
            throw CairnException.notFound("Deployment '" + endpoint.name() + "' does not serve version " + version.get() + "; it serves "
                    + serving.stream().map(arm -> arm.version().version()).distinct().toList());
        }
        return matching;
    }

    private static int version(Context ctx) {
        String text = ctx.pathParam("version");
        if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < 1) {
            throw CairnException.invalidParameter("Model version must be a positive whole number; got '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
        return Integer.parseInt(text);
    }
}
