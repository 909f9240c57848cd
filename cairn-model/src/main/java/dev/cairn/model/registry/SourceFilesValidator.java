package dev.cairn.model.registry;

import dev.cairn.core.artifact.ArtifactEntry;
import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactSources;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.registry.ModelFile;
import dev.cairn.core.registry.ModelValidator;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.RegistrationOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Checks a new version's source: it must name files this server holds (a {@code mlflow-artifacts:}
 * URI or a {@code runs:/<run_id>/<path>} URI resolving into a run's artifacts). A Cairn model
 * package there must also load with its runtime and score its input example
 * ({@link PackageValidation}). Other files (an MLflow model of a flavor Cairn does not run) are
 * READY for tracking, and the status message says they were not run. A failure gives
 * FAILED_REGISTRATION with the reason.
 */
public final class SourceFilesValidator implements ModelValidator {
    private final ArtifactStore artifacts;
    private final ArtifactSources sources;

    /** A validator over the server's artifact store, resolving sources through its runs. */
    public SourceFilesValidator(ArtifactStore artifacts, ArtifactSources sources) {
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.sources = requireNonNull(sources, "sources is null");
    }

    /**
     * Checks the version's files and, for a READY version, records the manifest of exactly the
     * files checked: taken before the check and compared after it, so a file replaced during the
     * check fails the registration instead of slipping in unchecked.
     */
    @Override
    public RegistrationOutcome validate(ModelVersion version) {
        ArtifactPath path;
        try {
            path = sources.resolve(version.source());
        } catch (CairnException e) {
            return RegistrationOutcome.failed(e.getMessage());
        }
        List<ModelFile> before = manifest(path);
        RegistrationOutcome outcome = check(version, path);
        if (!manifest(path).equals(before)) {
            return RegistrationOutcome.failed("The files at " + version.source() + " changed while they were checked; register again");
        }
        return outcome.withFiles(before);
    }

    /** Every file at a source (a folder, recursively, or one file), by path relative to it. */
    private List<ModelFile> manifest(ArtifactPath source) {
        List<ModelFile> files = new ArrayList<>();
        artifacts.stat(source).ifPresent(entry -> {
            if (entry.directory()) {
                addFiles(source, source, files);
            } else {
                files.add(toFile(entry, source.fileName()));
            }
        });
        return files;
    }

    private void addFiles(ArtifactPath root, ArtifactPath folder, List<ModelFile> files) {
        for (ArtifactEntry entry : artifacts.list(folder)) {
            if (entry.directory()) {
                addFiles(root, entry.path(), files);
            } else {
                files.add(toFile(entry, entry.path().relativeTo(root)));
            }
        }
    }

    private static ModelFile toFile(ArtifactEntry entry, String relativePath) {
        return new ModelFile(relativePath, entry.size().orElse(0), entry.digest().orElseThrow());
    }

    private RegistrationOutcome check(ModelVersion version, ArtifactPath path) {
        Optional<ArtifactEntry> entry = artifacts.stat(path);
        if (entry.isEmpty()) {
            return RegistrationOutcome.failed("No files at source '" + version.source() + "'; log the model's files first");
        }
        if (entry.get().directory()) {
            if (PackageValidation.isPackage(artifacts, path)) {
                return PackageValidation.check(artifacts, path);
            }
            int files = artifacts.list(path).size();
            if (files == 0) {
                return RegistrationOutcome.failed("The source folder '" + version.source() + "' is empty");
            }
            return RegistrationOutcome.ready("Found " + files + " entries at " + version.source()
                    + "; not a Cairn model package (no cairn-model.yaml), so it was not loaded or scored");
        }
        return RegistrationOutcome.ready("Found " + entry.get().size().orElse(0) + " bytes at " + version.source());
    }
}
