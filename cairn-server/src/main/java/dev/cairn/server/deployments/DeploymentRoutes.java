package dev.cairn.server.deployments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.deployment.Deployment;
import dev.cairn.core.deployment.DeploymentEvent;
import dev.cairn.core.deployment.DeploymentStore;
import dev.cairn.core.deployment.PredictionLabel;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.error.MalformedJson;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.CsvFrames;
import dev.cairn.model.frame.Frame;
import dev.cairn.serve.deployment.Deployments;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code /api/v1/deployments}: create a deployment from a spec, change its versions, traffic and
 * settings, watch its state and events, attach labels to its predictions, delete it.
 */
public final class DeploymentRoutes {
    /** Labels per upload: bounded so that one request is one short transaction. */
    static final int MAX_LABELS = 100_000;
    private static final long MAX_LABEL_BODY = 32L << 20;
    private static final int EVENTS_SHOWN = 20;

    private final Deployments deployments;
    private final DeploymentStore store;
    private final PredictionExport export;

    /** Routes over the server's deployments. */
    public DeploymentRoutes(Deployments deployments, DeploymentStore store, PredictionExport export) {
        this.deployments = requireNonNull(deployments, "deployments is null");
        this.store = requireNonNull(store, "store is null");
        this.export = requireNonNull(export, "export is null");
    }

    /** Registers the routes. */
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/deployments", this::create);
        routes.get("/api/v1/deployments", this::list);
        routes.get("/api/v1/deployments/{name}", ctx -> Json.respond(ctx, Json.object()
                .set("deployment", json(deployments.get(ctx.pathParam("name")), true))));
        routes.patch("/api/v1/deployments/{name}", this::update);
        routes.delete("/api/v1/deployments/{name}", ctx -> {
            deployments.delete(ctx.pathParam("name"));
            Json.respond(ctx, Json.object());
        });
        routes.post("/api/v1/deployments/{name}/labels", this::labels);
        routes.get("/api/v1/deployments/{name}/predictions", export::respond);
    }

    private void create(Context ctx) {
        ObjectNode body = body(ctx);
        JsonNode name = body.remove("name");
        if (name == null || !name.isTextual()) {
            throw CairnException.invalidParameter("A deployment needs a 'name' (a string): its endpoint is /v2/models/<name>");
        }
        Deployment created = deployments.create(name.asText(), body);
        ctx.status(201);
        Json.respond(ctx, Json.object().set("deployment", json(created, false)));
        ctx.status(201);
    }

    private void list(Context ctx) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        deployments.list().forEach(deployment -> list.add(json(deployment, false)));
        Json.respond(ctx, Json.object().set("deployments", list));
    }

    private void update(Context ctx) {
        Deployment updated = deployments.update(ctx.pathParam("name"), body(ctx));
        Json.respond(ctx, Json.object().set("deployment", json(updated, false)));
    }

    /** Labels as JSON {@code {"labels": [{"prediction_id", "label"}]}} or CSV with columns {@code prediction_id,label}. */
    private void labels(Context ctx) {
        String name = ctx.pathParam("name");
        deployments.get(name);
        byte[] body = RequestFields.bodyBytes(ctx, MAX_LABEL_BODY);
        String contentType = Optional.ofNullable(ctx.contentType()).orElse("application/json").toLowerCase(java.util.Locale.ROOT);
        List<PredictionLabel> labels = contentType.startsWith("text/csv") ? csvLabels(body) : jsonLabels(body);
        if (labels.size() > MAX_LABELS) {
            throw CairnException.invalidParameter("At most " + MAX_LABELS + " labels per request; got " + labels.size() + ". Send them in parts");
        }
        int written = store.putLabels(name, labels);
        Json.respond(ctx, Json.object().put("labels_written", written));
    }

    private static List<PredictionLabel> jsonLabels(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw MalformedJson.error(e);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.BAD_REQUEST, "The request body could not be read completely; send it again");
        }
        if (root == null || !root.path("labels").isArray()) {
            throw CairnException.invalidParameter("Send {\"labels\": [{\"prediction_id\": \"...\", \"label\": ...}, ...]} or a CSV with columns prediction_id,label");
        }
        List<PredictionLabel> labels = new ArrayList<>();
        int index = 0;
        for (JsonNode item : root.get("labels")) {
            JsonNode id = item.path("prediction_id");
            JsonNode label = item.path("label");
            if (!id.isTextual() || !label.isValueNode() || label.isNull()) {
                throw CairnException.invalidParameter("labels[" + index + "] needs a string 'prediction_id' and a 'label' (string or number)");
            }
            labels.add(new PredictionLabel(id.asText(), label.asText()));
            index++;
        }
        return labels;
    }

    private static List<PredictionLabel> csvLabels(byte[] body) {
        Frame frame;
        try {
            frame = CsvFrames.read(new StringReader(new String(body, StandardCharsets.UTF_8)), "the uploaded CSV");
        } catch (IOException e) {
            throw CairnException.invalidParameter("Cannot read the uploaded CSV: " + e.getMessage());
        }
        Column ids = frame.column("prediction_id").orElseThrow(() -> CairnException.invalidParameter(
                "The CSV needs a header with columns prediction_id and label"));
        Column values = frame.column("label").orElseThrow(() -> CairnException.invalidParameter(
                "The CSV needs a header with columns prediction_id and label"));
        List<PredictionLabel> labels = new ArrayList<>(frame.rowCount());
        for (int row = 0; row < frame.rowCount(); row++) {
            if (ids.isNull(row) || values.isNull(row)) {
                throw CairnException.invalidParameter("Row " + (row + 1) + " of the CSV lacks a prediction_id or a label");
            }
            labels.add(new PredictionLabel(ids.text(row), values.text(row)));
        }
        return labels;
    }

    private static ObjectNode body(Context ctx) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(RequestFields.bodyBytes(ctx, RequestFields.MAX_JSON_BODY_BYTES));
        } catch (JsonProcessingException e) {
            throw MalformedJson.error(e);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.BAD_REQUEST, "The request body could not be read completely; send it again");
        }
        if (body == null || !body.isObject()) {
            throw new CairnException(ErrorCode.BAD_REQUEST, "The request body must be a JSON object");
        }
        return (ObjectNode) body;
    }

    private ObjectNode json(Deployment deployment, boolean withEvents) {
        ObjectNode node = Json.object().put("name", deployment.name()).put("state", deployment.state().wireName())
                .put("state_message", deployment.stateMessage()).put("revision", deployment.revision())
                .put("creation_time", deployment.creationTime()).put("last_updated_time", deployment.lastUpdatedTime());
        node.set("spec", parse(deployment.spec()));
        node.set("serving", parse(deployment.serving()));
        node.put("endpoint", "/v2/models/" + deployment.name());
        if (withEvents) {
            ArrayNode events = node.putArray("events");
            for (DeploymentEvent event : deployments.events(deployment.name(), EVENTS_SHOWN)) {
                events.addObject().put("time", event.time()).put("kind", event.kind()).put("message", event.message());
            }
        }
        return node;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored deployment holds invalid JSON", e);
        }
    }
}
