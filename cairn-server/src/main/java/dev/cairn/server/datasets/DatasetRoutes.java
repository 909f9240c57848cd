package dev.cairn.server.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.dataset.DatasetColumn;
import dev.cairn.core.dataset.DatasetPart;
import dev.cairn.core.dataset.DatasetRegistration;
import dev.cairn.core.dataset.DatasetStore;
import dev.cairn.core.dataset.DatasetSummary;
import dev.cairn.core.dataset.DatasetVersion;
import dev.cairn.core.dataset.NewDatasetVersion;
import dev.cairn.core.error.CairnException;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The dataset registry over HTTP:
 * <ul>
 *   <li>{@code POST /api/v1/datasets/versions} registers a version (the same digest gives the same version);</li>
 *   <li>{@code GET /api/v1/datasets} lists datasets with their newest version;</li>
 *   <li>{@code GET /api/v1/datasets/{name}/versions} lists a dataset's versions, newest first, without profiles
 *       ({@code ?digest=} keeps the one with that content, if any);</li>
 *   <li>{@code GET /api/v1/datasets/{name}/versions/{version}} gives one version ({@code latest} for the newest) with its
 *       schema, profile and split;</li>
 *   <li>{@code POST /api/v1/datasets/{name}/versions/{version}/split} records the split a training made of it.</li>
 * </ul>
 */
public final class DatasetRoutes {
    private static final String BASE = "/api/v1/datasets";

    private final DatasetStore datasets;

    /** Routes over a dataset store. */
    public DatasetRoutes(DatasetStore datasets) {
        this.datasets = requireNonNull(datasets, "datasets is null");
    }

    /** Registers the routes. */
    public void register(RoutesConfig routes) {
        routes.post(BASE + "/versions", this::registerVersion);
        routes.get(BASE, this::list);
        routes.get(BASE + "/{name}/versions", this::versions);
        routes.get(BASE + "/{name}/versions/{version}", this::version);
        routes.post(BASE + "/{name}/versions/{version}/split", this::recordSplit);
    }

    private void registerVersion(Context ctx) {
        RequestFields fields = RequestFields.fromJsonBody(ctx);
        ObjectNode profile = fields.requiredDocument("profile");
        List<DatasetColumn> columns = fields.objectList("schema").stream().map(column -> new DatasetColumn(
                column.requiredString("name"), column.requiredString("type"), column.booleanOr("nullable", true))).toList();
        NewDatasetVersion version = new NewDatasetVersion(fields.requiredString("name"), fields.requiredString("digest"),
                fields.requiredString("source_type"), fields.requiredString("source"), fields.optionalString("description").orElse(""),
                fields.optionalString("artifact_uri").orElse(""), fields.requiredLong("row_count"), columns, profile.toString());
        DatasetRegistration registration = datasets.register(version);
        ObjectNode body = Json.object().put("created", registration.created());
        body.set("dataset_version", versionJson(registration.version(), true));
        Json.respond(ctx, body);
    }

    private void list(Context ctx) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("datasets");
        for (DatasetSummary summary : datasets.list()) {
            list.addObject().put("name", summary.name()).put("creation_timestamp", summary.creationTime())
                    .put("last_updated_timestamp", summary.lastUpdatedTime()).put("latest_version", summary.latestVersion())
                    .put("version_count", summary.versionCount()).put("latest_digest", summary.latestDigest())
                    .put("latest_row_count", summary.latestRowCount());
        }
        Json.respond(ctx, body);
    }

    private void versions(Context ctx) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("dataset_versions");
        String name = ctx.pathParam("name");
        Optional<String> digest = RequestFields.fromQuery(ctx).optionalString("digest");
        List<DatasetVersion> versions = digest.isPresent() ? datasets.findByDigest(name, digest.get()).stream().toList() : datasets.versions(name);
        versions.forEach(version -> list.add(versionJson(version, false)));
        Json.respond(ctx, body);
    }

    private void version(Context ctx) {
        ObjectNode body = Json.object();
        body.set("dataset_version", versionJson(find(ctx), true));
        Json.respond(ctx, body);
    }

    private void recordSplit(Context ctx) {
        DatasetVersion version = find(ctx);
        List<DatasetPart> parts = RequestFields.fromJsonBody(ctx).objectList("parts").stream().map(part -> new DatasetPart(
                part.requiredString("name"), part.optionalString("definition").orElse(""), part.requiredLong("row_count"))).toList();
        ObjectNode body = Json.object();
        body.set("dataset_version", versionJson(datasets.recordSplit(version.name(), version.version(), parts), true));
        Json.respond(ctx, body);
    }

    private DatasetVersion find(Context ctx) {
        String name = ctx.pathParam("name");
        String version = ctx.pathParam("version");
        if (version.equals("latest")) {
            return datasets.latest(name);
        }
        try {
            return datasets.get(name, Integer.parseInt(version));
        } catch (NumberFormatException e) {
            throw CairnException.invalidParameter("A dataset version is a number or 'latest', not '" + version + "'");
        }
    }

    private static ObjectNode versionJson(DatasetVersion version, boolean withProfile) {
        ObjectNode json = Json.object().put("name", version.name()).put("version", version.version()).put("digest", version.digest())
                .put("creation_timestamp", version.creationTime()).put("source_type", version.sourceType()).put("source", version.source())
                .put("description", version.description()).put("artifact_uri", version.artifactUri()).put("row_count", version.rowCount());
        ArrayNode schema = json.putArray("schema");
        version.columns().forEach(column -> schema.addObject().put("name", column.name()).put("type", column.type())
                .put("nullable", column.nullable()));
        ArrayNode split = json.putArray("split");
        version.split().forEach(part -> split.addObject().put("name", part.name()).put("definition", part.definition())
                .put("row_count", part.rowCount()));
        if (withProfile) {
            try {
                json.set("profile", Json.MAPPER.readTree(version.profile()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("dataset_versions.profile holds invalid JSON for " + version.name() + " v" + version.version(), e);
            }
        }
        return json;
    }
}
