package dev.cairn.server.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.core.artifact.ArtifactEntry;
import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactSources;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.registry.ModelFile;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.ModelVersionStatus;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.server.http.ContentDisposition;
import dev.cairn.server.http.Json;
import dev.cairn.server.http.RequestFields;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static java.util.Objects.requireNonNull;

/**
 * Cairn's native model endpoints: {@code GET /api/v1/model-versions/package?name=&version=}
 * (or {@code &alias=}) streams a version's whole package as one zip archive, the files under
 * its source folder at their relative paths.
 */
public final class ModelPackageRoutes {
    private final RegistryStore registry;
    private final ArtifactStore artifacts;
    private final ArtifactSources sources;

    /** Routes over the registry and the artifact store that holds the versions' files. */
    public ModelPackageRoutes(RegistryStore registry, ArtifactStore artifacts, ArtifactSources sources) {
        this.registry = requireNonNull(registry, "registry is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.sources = requireNonNull(sources, "sources is null");
    }

    /** Registers the routes. */
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/model-versions/package", this::download);
        routes.get("/api/v1/model-versions/files", this::files);
        routes.get("/api/v1/model-versions/files/content", this::fileContent);
    }

    /** The manifest of a READY version, which a remote model repository verifies its copies against. */
    private void files(Context ctx) {
        ModelVersion version = readyVersion(RequestFields.fromQuery(ctx));
        ArrayNode files = Json.MAPPER.createArrayNode();
        for (ModelFile file : manifest(version)) {
            files.addObject().put("path", file.path()).put("size", file.size()).put("digest", file.digest());
        }
        Json.respond(ctx, Json.object().put("name", version.name()).put("version", version.version()).set("files", files));
    }

    /** One file of a READY version's manifest, by its digest. */
    private void fileContent(Context ctx) throws IOException {
        RequestFields fields = RequestFields.fromQuery(ctx);
        ModelVersion version = readyVersion(fields);
        String digest = fields.requiredString("digest");
        ModelFile file = manifest(version).stream().filter(candidate -> candidate.digest().equals(digest)).findFirst()
                .orElseThrow(() -> CairnException.notFound("Version " + version.version() + " of model '" + version.name()
                        + "' has no file with digest " + (digest.length() > 64 ? digest.substring(0, 64) + "..." : digest)));
        ctx.contentType("application/octet-stream");
        try (InputStream in = artifacts.openContent(file.digest())) {
            in.transferTo(ctx.outputStream());
        }
    }

    private List<ModelFile> manifest(ModelVersion version) {
        List<ModelFile> manifest = registry.files(version.name(), version.version());
        if (manifest.isEmpty()) {
            throw new CairnException(ErrorCode.INVALID_STATE, "Version " + version.version() + " of model '" + version.name()
                    + "' has no recorded manifest (it was registered by an older Cairn); register its source again");
        }
        return manifest;
    }

    private ModelVersion readyVersion(RequestFields fields) {
        String name = fields.requiredString("name");
        ModelVersion version = registry.getModelVersion(name, fields.requiredVersion("version"));
        if (version.status() != ModelVersionStatus.READY) {
            throw new CairnException(ErrorCode.INVALID_STATE, "Version " + version.version() + " of model '" + name + "' is "
                    + version.status() + "; only READY versions have files to serve");
        }
        return version;
    }

    private void download(Context ctx) throws IOException {
        RequestFields fields = RequestFields.fromQuery(ctx);
        String name = fields.requiredString("name");
        Optional<String> alias = fields.optionalString("alias");
        ModelVersion version = alias.isPresent()
                ? registry.getModelVersionByAlias(name, alias.get())
                : registry.getModelVersion(name, fields.requiredVersion("version"));
        if (version.status() != ModelVersionStatus.READY) {
            throw new CairnException(ErrorCode.INVALID_STATE, "Version " + version.version() + " of model '" + name + "' is "
                    + version.status() + (version.statusMessage().isEmpty() ? "" : " (" + version.statusMessage() + ")")
                    + "; only READY versions serve a package");
        }
        // A version serves the files it was validated with, by digest; only versions registered before manifests
        // were recorded fall back to what their source holds now.
        List<ModelFile> manifest = registry.files(name, version.version());
        ArtifactPath folder = manifest.isEmpty() ? sources.resolve(version.source()) : ArtifactPath.ROOT;
        Optional<ArtifactEntry> root = manifest.isEmpty() ? artifacts.stat(folder) : Optional.empty();
        if (manifest.isEmpty() && root.isEmpty()) {
            throw CairnException.notFound("Version " + version.version() + " of model '" + name + "' has no files at its source "
                    + version.source());
        }
        String archiveName = (name + "-v" + version.version()).replaceAll("[^\\w.-]", "_") + ".zip";
        ctx.contentType("application/zip");
        ctx.header("Content-Disposition", ContentDisposition.attachment(archiveName));
        ctx.header("X-Cairn-Model-Version", Integer.toString(version.version()));
        try (ZipOutputStream zip = new ZipOutputStream(ctx.outputStream())) {
            if (!manifest.isEmpty()) {
                for (ModelFile file : manifest) {
                    zip.putNextEntry(new ZipEntry(file.path()));
                    try (InputStream in = artifacts.openContent(file.digest())) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                }
            } else if (root.get().directory()) {
                addFolder(zip, folder, folder);
            } else {
                addFile(zip, folder, folder.fileName());
            }
        }
    }

    private void addFolder(ZipOutputStream zip, ArtifactPath root, ArtifactPath folder) throws IOException {
        List<ArtifactEntry> entries = artifacts.list(folder);
        for (ArtifactEntry entry : entries) {
            if (entry.directory()) {
                addFolder(zip, root, entry.path());
            } else {
                addFile(zip, entry.path(), entry.path().relativeTo(root));
            }
        }
    }

    private void addFile(ZipOutputStream zip, ArtifactPath file, String name) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        try (InputStream in = artifacts.open(file)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }
}
