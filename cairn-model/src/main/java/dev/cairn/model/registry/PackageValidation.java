package dev.cairn.model.registry;

import dev.cairn.core.artifact.ArtifactEntry;
import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.io.FolderTree;
import dev.cairn.core.registry.RegistrationOutcome;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The registration check of a Cairn model package held in an artifact store: copy it out, load it
 * with its runtime, and score its input example ({@code java} packages, which run the user's own
 * code, in a child JVM: {@link IsolatedPackageCheck}). Any failure becomes FAILED_REGISTRATION with the
 * reason, so a version is READY only if it provably loads and answers.
 */
public final class PackageValidation {
    private PackageValidation() {
    }

    /** True if an artifact folder holds a Cairn model package. */
    public static boolean isPackage(ArtifactStore store, ArtifactPath folder) {
        return store.stat(folder.resolve(ModelPackage.DESCRIPTOR_FILE)).filter(entry -> !entry.directory()).isPresent();
    }

    /** Loads the package in an artifact folder and scores its input example. */
    public static RegistrationOutcome check(ArtifactStore store, ArtifactPath folder) {
        Path local = null;
        try {
            local = Files.createTempDirectory("cairn-package-");
            copy(store, folder, local);
            ModelPackage modelPackage = ModelPackage.read(local);
            if (modelPackage.descriptor().flavor().equals(ModelFlavor.JAVA)) {
                return IsolatedPackageCheck.run(local, IsolatedPackageCheck.DEFAULT_TIMEOUT, IsolatedPackageCheck.DEFAULT_HEAP_MIB);
            }
            try (LoadedModel model = LoadedModel.load(modelPackage, 1)) {
                Frame output = model.scoreInputExample();
                return RegistrationOutcome.ready("Loaded by the " + modelPackage.descriptor().flavor().wireName()
                        + " runtime; scored " + output.rowCount() + " example rows");
            }
        } catch (CairnException e) {
            return RegistrationOutcome.failed(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the package to a temporary folder", e);
        } finally {
            if (local != null) {
                FolderTree.deleteQuietly(local);
            }
        }
    }

    private static void copy(ArtifactStore store, ArtifactPath folder, Path target) throws IOException {
        for (ArtifactEntry entry : store.list(folder)) {
            Path destination = target.resolve(entry.path().fileName());
            if (entry.directory()) {
                Files.createDirectories(destination);
                copy(store, entry.path(), destination);
            } else {
                try (InputStream in = store.open(entry.path())) {
                    Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
