package dev.cairn.dashboard.models;

import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.registry.ModelFile;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.RegisteredModel;
import dev.cairn.core.registry.RegistrySearch;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;
import dev.cairn.dashboard.NameSearch;
import dev.cairn.dashboard.Templates;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.pkg.ModelPackage;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** {@code /models}, {@code /models/{name}} and {@code /models/{name}/versions/{version}}. */
public final class ModelPages {
    private static final int MODELS_PER_PAGE = 100;
    private static final int VERSIONS_SHOWN = 200;

    private final RegistryStore registry;
    private final TrackingStore tracking;
    private final ArtifactStore artifacts;
    private final Templates templates;

    /** Pages over the registry, the runs that made its versions, and the store holding their files. */
    public ModelPages(RegistryStore registry, TrackingStore tracking, ArtifactStore artifacts, Templates templates) {
        this.registry = requireNonNull(registry, "registry is null");
        this.tracking = requireNonNull(tracking, "tracking is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.templates = requireNonNull(templates, "templates is null");
    }

    /** The registered models by name, optionally those whose name contains a search. */
    public void list(Context ctx) {
        String search = Optional.ofNullable(ctx.queryParam("search")).orElse("").strip();
        SearchFilter filter = SearchFilter.parseRegisteredModelFilter(NameSearch.filter(search));
        Page<RegisteredModel> page = registry.searchRegisteredModels(new RegistrySearch(filter, MODELS_PER_PAGE,
                List.of(OrderBy.parseRegisteredModelOrderBy("name ASC")),
                Optional.ofNullable(ctx.queryParam("page_token")).filter(token -> !token.isBlank())));
        List<RegisteredModel> matching = page.items().stream().filter(model -> NameSearch.contains(model.name(), search)).toList();
        templates.render(ctx, "models.jte", new ModelList(search, matching, page.nextPageToken()));
    }

    /** A model and its versions. */
    public void model(Context ctx) {
        RegisteredModel model = registry.getRegisteredModel(ctx.pathParam("name"));
        List<ModelVersion> versions = registry.searchModelVersions(new RegistrySearch(
                SearchFilter.parseModelVersionFilter("name = " + SearchFilter.literal(model.name())), VERSIONS_SHOWN,
                List.of(OrderBy.parseModelVersionOrderBy("version_number DESC")), Optional.empty())).items();
        templates.render(ctx, "model.jte", new ModelView(model, versions));
    }

    /** One version: status, signature, lineage and files. */
    public void version(Context ctx) {
        String name = ctx.pathParam("name");
        int number;
        try {
            number = Integer.parseInt(ctx.pathParam("version"));
        } catch (NumberFormatException e) {
            throw CairnException.invalidParameter("'" + ctx.pathParam("version") + "' is not a version number");
        }
        ModelVersion version = registry.getModelVersion(name, number);
        List<ModelFile> files = registry.files(name, number);
        Optional<ModelDescriptor> descriptor = files.stream().filter(file -> file.path().equals(ModelPackage.DESCRIPTOR_FILE))
                .findFirst().map(this::descriptor);
        Optional<Run> run = version.runId().flatMap(this::findRun);
        templates.render(ctx, "version.jte", new VersionView(version, descriptor, run, files));
    }

    private ModelDescriptor descriptor(ModelFile file) {
        try (InputStream in = artifacts.openContent(file.digest())) {
            return ModelPackage.readDescriptor(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Run> findRun(String runId) {
        try {
            return Optional.of(tracking.getRun(runId));
        } catch (CairnException e) {
            if (e.code().httpStatus() != 404) {
                throw e;
            }
            return Optional.empty(); // a version may name a run of another server, or one deleted for good
        }
    }
}
