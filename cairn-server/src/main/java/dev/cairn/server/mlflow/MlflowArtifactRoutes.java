package dev.cairn.server.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.artifact.ArtifactEntry;
import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.RunInfo;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.server.http.ContentDisposition;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * MLflow's artifact proxy ({@code /api/2.0/mlflow-artifacts/artifacts/<path>}: upload with PUT,
 * download with GET, list with GET and a {@code path} query) and the run-scoped listing
 * {@code /api/2.0/mlflow/artifacts/list}. Content streams through without being held in memory.
 */
public final class MlflowArtifactRoutes {
    private static final String PROXY_BASE = "/api/2.0/mlflow-artifacts/artifacts";

    private final ArtifactStore artifacts;
    private final TrackingStore tracking;

    /** Routes over an artifact store; the tracking store resolves runs to their artifact roots. */
    public MlflowArtifactRoutes(ArtifactStore artifacts, TrackingStore tracking) {
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
    }

    /** Declares every route of the API. */
    public void register(RoutesConfig routes) {
        routes.put(PROXY_BASE + "/<path>", this::upload);
        routes.get(PROXY_BASE + "/<path>", this::download);
        routes.get(PROXY_BASE, this::listProxied);
        routes.get(MlflowTrackingRoutes.BASE + "/artifacts/list", this::listRunArtifacts);
    }

    private void upload(Context ctx) {
        ArtifactPath path = ArtifactPath.of(ctx.pathParam("path"));
        try (InputStream body = ctx.bodyInputStream()) {
            artifacts.put(path, body);
        } catch (IOException e) {
            throw CairnException.invalidParameter("The upload of '" + path + "' was cut off: " + e.getMessage());
        }
        Json.respond(ctx, Json.object());
    }

    private void download(Context ctx) {
        ArtifactPath path = ArtifactPath.of(ctx.pathParam("path"));
        InputStream content = artifacts.open(path);
        String type = URLConnection.guessContentTypeFromName(path.fileName());
        ctx.contentType(type == null ? "application/octet-stream" : type);
        ctx.header("Content-Disposition", ContentDisposition.attachment(path.fileName()));
        ctx.result(content);
    }

    /** Lists a directory of the proxy: entries carry their base names, as MLflow's proxy does. */
    private void listProxied(Context ctx) {
        ArtifactPath directory = ArtifactPath.of(ctx.queryParam("path") == null ? "" : ctx.queryParam("path"));
        ObjectNode response = Json.object();
        ArrayNode files = response.putArray("files");
        for (ArtifactEntry entry : listDirectory(directory)) {
            files.add(fileInfo(entry.path().fileName(), entry));
        }
        Json.respond(ctx, response);
    }

    /** Lists a run's artifacts: entries carry paths relative to the run's artifact root. */
    private void listRunArtifacts(Context ctx) {
        RequestFields fields = RequestFields.of(ctx);
        String runId = fields.optionalString("run_id").filter(id -> !id.isEmpty())
                .or(() -> fields.optionalString("run_uuid"))
                .orElseThrow(() -> CairnException.invalidParameter("Missing value for required field 'run_id'"));
        RunInfo info = tracking.getRun(runId).info();
        ArtifactPath root = ArtifactPath.ofProxiedUri(info.artifactUri());
        ArtifactPath directory = root.resolve(fields.optionalString("path").orElse(""));
        ObjectNode response = Json.object().put("root_uri", info.artifactUri());
        ArrayNode files = response.putArray("files");
        for (ArtifactEntry entry : listDirectory(directory)) {
            files.add(fileInfo(entry.path().relativeTo(root), entry));
        }
        Json.respond(ctx, response);
    }

    private List<ArtifactEntry> listDirectory(ArtifactPath directory) {
        return artifacts.stat(directory)
                .filter(entry -> !entry.directory())
                .map(List::of)
                .orElseGet(() -> artifacts.list(directory));
    }

    private static ObjectNode fileInfo(String path, ArtifactEntry entry) {
        ObjectNode node = Json.object().put("path", path).put("is_dir", entry.directory());
        entry.size().ifPresent(size -> node.put("file_size", size));
        return node;
    }
}
