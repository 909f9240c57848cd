package dev.cairn.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.registry.ModelAlias;
import dev.cairn.core.registry.ModelPromotion;
import dev.cairn.core.registry.ModelRegistrar;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.NewModelVersion;
import dev.cairn.core.registry.RegisteredModel;
import dev.cairn.core.registry.RegistrySearch;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.registry.Stage;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.Tag;
import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * MLflow's model registry REST API ({@code /api/2.0/mlflow/registered-models/...} and
 * {@code /api/2.0/mlflow/model-versions/...}), including aliases and the legacy stages.
 */
public final class MlflowRegistryRoutes {
    private static final String BASE = MlflowTrackingRoutes.BASE;

    private final RegistryStore registry;
    private final ModelRegistrar registrar;
    private final ModelPromotion promotion;

    /**
     * Routes over a registry; new versions are registered through the registrar, which validates
     * them, and aliases move through {@link ModelPromotion}, as a pipeline's do.
     */
    public MlflowRegistryRoutes(RegistryStore registry, ModelRegistrar registrar) {
        this.registry = requireNonNull(registry, "registry is null");
        this.registrar = requireNonNull(registrar, "registrar is null");
        this.promotion = new ModelPromotion(registry);
    }

    /** Declares every route of the API. */
    public void register(RoutesConfig routes) {
        routes.post(BASE + "/registered-models/create", this::createModel);
        routes.get(BASE + "/registered-models/get", this::getModel);
        routes.post(BASE + "/registered-models/rename", this::renameModel);
        routes.patch(BASE + "/registered-models/update", this::updateModel);
        routes.delete(BASE + "/registered-models/delete", this::deleteModel);
        routes.get(BASE + "/registered-models/search", this::searchModels);
        routes.post(BASE + "/registered-models/search", this::searchModels);
        routes.post(BASE + "/registered-models/get-latest-versions", this::latestVersions);
        routes.get(BASE + "/registered-models/get-latest-versions", this::latestVersions);
        routes.post(BASE + "/registered-models/set-tag", this::setModelTag);
        routes.delete(BASE + "/registered-models/delete-tag", this::deleteModelTag);
        routes.post(BASE + "/registered-models/alias", this::setAlias);
        routes.delete(BASE + "/registered-models/alias", this::deleteAlias);
        routes.get(BASE + "/registered-models/alias", this::getByAlias);

        routes.post(BASE + "/model-versions/create", this::createVersion);
        routes.get(BASE + "/model-versions/get", this::getVersion);
        routes.patch(BASE + "/model-versions/update", this::updateVersion);
        routes.delete(BASE + "/model-versions/delete", this::deleteVersion);
        routes.get(BASE + "/model-versions/search", this::searchVersions);
        routes.post(BASE + "/model-versions/search", this::searchVersions);
        routes.get(BASE + "/model-versions/get-download-uri", this::downloadUri);
        routes.post(BASE + "/model-versions/transition-stage", this::transitionStage);
        routes.post(BASE + "/model-versions/set-tag", this::setVersionTag);
        routes.delete(BASE + "/model-versions/delete-tag", this::deleteVersionTag);
    }

    // ---- registered models ----

    private void createModel(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        respondModel(ctx, registry.createRegisteredModel(fields.requiredString("name"),
                fields.optionalString("description").orElse(""), tags(fields)));
    }

    private void getModel(Context ctx) {
        respondModel(ctx, registry.getRegisteredModel(RequestFields.of(ctx).requiredString("name")));
    }

    private void renameModel(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        respondModel(ctx, registry.renameRegisteredModel(fields.requiredString("name"), fields.requiredString("new_name")));
    }

    private void updateModel(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        respondModel(ctx, registry.updateRegisteredModel(fields.requiredString("name"), fields.optionalString("description").orElse("")));
    }

    private void deleteModel(Context ctx) {
        registry.deleteRegisteredModel(RequestFields.of(ctx).requiredString("name"));
        Json.respond(ctx, Json.object());
    }

    private void searchModels(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        Page<RegisteredModel> page = registry.searchRegisteredModels(new RegistrySearch(
                SearchFilter.parseRegisteredModelFilter(fields.optionalString("filter").orElse("")),
                fields.intInRange("max_results", 100, 1, RegistrySearch.MAX_RESULTS_LIMIT),
                fields.stringList("order_by").stream().map(OrderBy::parseRegisteredModelOrderBy).toList(),
                fields.optionalString("page_token")));
        respondPage(ctx, "registered_models", page, MlflowRegistryRoutes::registeredModel);
    }

    private void latestVersions(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        List<Stage> stages = fields.stringList("stages").stream().map(Stage::parse).toList();
        ObjectNode response = Json.object();
        ArrayNode versions = response.putArray("model_versions");
        registry.getLatestVersions(fields.requiredString("name"), stages).forEach(version -> versions.add(modelVersion(version)));
        Json.respond(ctx, response);
    }

    private void setModelTag(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        registry.setRegisteredModelTag(fields.requiredString("name"), tag(fields));
        Json.respond(ctx, Json.object());
    }

    private void deleteModelTag(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        registry.deleteRegisteredModelTag(fields.requiredString("name"), fields.requiredString("key"));
        Json.respond(ctx, Json.object());
    }

    private void setAlias(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        promotion.promote(fields.requiredString("name"), fields.requiredString("alias"), version(fields));
        Json.respond(ctx, Json.object());
    }

    private void deleteAlias(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        registry.deleteAlias(fields.requiredString("name"), fields.requiredString("alias"));
        Json.respond(ctx, Json.object());
    }

    private void getByAlias(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        respondVersion(ctx, registry.getModelVersionByAlias(fields.requiredString("name"), fields.requiredString("alias")));
    }

    // ---- versions ----

    private void createVersion(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        ModelVersion version = registrar.register(new NewModelVersion(fields.requiredString("name"), fields.requiredString("source"),
                fields.optionalString("run_id").filter(id -> !id.isEmpty()), fields.optionalString("description").orElse(""),
                fields.optionalString("user_id").orElse(""), tags(fields)));
        respondVersion(ctx, version);
    }

    private void getVersion(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        respondVersion(ctx, registry.getModelVersion(fields.requiredString("name"), version(fields)));
    }

    private void updateVersion(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        respondVersion(ctx, registry.updateModelVersion(fields.requiredString("name"), version(fields),
                fields.optionalString("description").orElse("")));
    }

    private void deleteVersion(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        registry.deleteModelVersion(fields.requiredString("name"), version(fields));
        Json.respond(ctx, Json.object());
    }

    private void searchVersions(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        Page<ModelVersion> page = registry.searchModelVersions(new RegistrySearch(
                SearchFilter.parseModelVersionFilter(fields.optionalString("filter").orElse("")),
                fields.intInRange("max_results", 200, 1, RegistrySearch.MAX_RESULTS_LIMIT),
                fields.stringList("order_by").stream().map(OrderBy::parseModelVersionOrderBy).toList(),
                fields.optionalString("page_token")));
        respondPage(ctx, "model_versions", page, MlflowRegistryRoutes::modelVersion);
    }

    private void downloadUri(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        ModelVersion version = registry.getModelVersion(fields.requiredString("name"), version(fields));
        Json.respond(ctx, Json.object().put("artifact_uri", version.source()));
    }

    private void transitionStage(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        boolean archive = fields.booleanOr("archive_existing_versions", false);
        respondVersion(ctx, registry.transitionStage(fields.requiredString("name"), version(fields),
                Stage.parse(fields.requiredString("stage")), archive));
    }

    private void setVersionTag(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        registry.setModelVersionTag(fields.requiredString("name"), version(fields), tag(fields));
        Json.respond(ctx, Json.object());
    }

    private void deleteVersionTag(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        registry.deleteModelVersionTag(fields.requiredString("name"), version(fields), fields.requiredString("key"));
        Json.respond(ctx, Json.object());
    }

    // ---- JSON ----

    static ObjectNode registeredModel(RegisteredModel model) {
        ObjectNode node = Json.object()
                .put("name", model.name())
                .put("creation_timestamp", model.creationTime())
                .put("last_updated_timestamp", model.lastUpdatedTime())
                .put("description", model.description());
        ArrayNode latest = node.putArray("latest_versions");
        model.latestVersions().forEach(version -> latest.add(modelVersion(version)));
        node.set("tags", tagArray(model.tags()));
        ArrayNode aliases = node.putArray("aliases");
        for (ModelAlias alias : model.aliases()) {
            aliases.addObject().put("alias", alias.alias()).put("version", Integer.toString(alias.version()));
        }
        return node;
    }

    static ObjectNode modelVersion(ModelVersion version) {
        ObjectNode node = Json.object()
                .put("name", version.name())
                .put("version", Integer.toString(version.version()))
                .put("creation_timestamp", version.creationTime())
                .put("last_updated_timestamp", version.lastUpdatedTime())
                .put("user_id", version.userId())
                .put("current_stage", version.stage().displayName())
                .put("description", version.description())
                .put("source", version.source());
        version.runId().ifPresent(runId -> node.put("run_id", runId));
        node.put("status", version.status().name()).put("status_message", version.statusMessage());
        node.set("tags", tagArray(version.tags()));
        ArrayNode aliases = node.putArray("aliases");
        version.aliases().forEach(aliases::add);
        return node;
    }

    private static ArrayNode tagArray(List<Tag> tags) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        tags.forEach(tag -> array.addObject().put("key", tag.key()).put("value", tag.value()));
        return array;
    }

    private static <T> void respondPage(Context ctx, String field, Page<T> page, Function<T, ObjectNode> render) {
        ObjectNode response = Json.object();
        ArrayNode items = response.putArray(field);
        page.items().forEach(item -> items.add(render.apply(item)));
        page.nextPageToken().ifPresent(token -> response.put("next_page_token", token));
        Json.respond(ctx, response);
    }

    private static void respondModel(Context ctx, RegisteredModel model) {
        ObjectNode response = Json.object();
        response.set("registered_model", registeredModel(model));
        Json.respond(ctx, response);
    }

    private static void respondVersion(Context ctx, ModelVersion version) {
        ObjectNode response = Json.object();
        response.set("model_version", modelVersion(version));
        Json.respond(ctx, response);
    }

    /** MLflow sends versions as strings ("3"); numbers are accepted too. */
    private static int version(RequestFields fields) {
        return fields.requiredVersion("version");
    }

    private static Tag tag(RequestFields fields) {
        return new Tag(fields.requiredString("key"), fields.optionalString("value").orElse(""));
    }

    private static List<Tag> tags(RequestFields fields) {
        List<Tag> tags = new ArrayList<>();
        for (RequestFields tag : fields.objectList("tags")) {
            tags.add(tag(tag));
        }
        return tags;
    }
}
