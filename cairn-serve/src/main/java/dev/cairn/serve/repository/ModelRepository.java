package dev.cairn.serve.repository;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.io.FolderTree;
import dev.cairn.core.registry.ModelFile;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * The one place that turns a registered model's name and version or alias into a running model.
 * Package folders are cached under a local folder, one per version and manifest; each file is
 * checked against the manifest's sha256 when it is fetched and again the first time a cached
 * folder is used by this process, so a corrupted cache is fetched again instead of served.
 */
public final class ModelRepository {
    private static final String MANIFEST_FILE = ".cairn-manifest";

    private final ModelSource source;
    private final Path cacheRoot;
    private final Set<Path> verified = ConcurrentHashMap.newKeySet();

    /** A repository reading from a source and caching packages under a folder (created if needed). */
    public ModelRepository(ModelSource source, Path cacheRoot) {
        this.source = requireNonNull(source, "source is null");
        this.cacheRoot = requireNonNull(cacheRoot, "cacheRoot is null");
    }

    /** The READY version a selector means now. */
    public ModelVersion resolve(String model, VersionSelector selector) {
        return source.resolve(model, selector);
    }

    /** The version's package in the local cache, fetched and verified if needed. */
    public ModelPackage fetch(ModelVersion version) {
        List<ModelFile> files = source.files(version);
        String manifest = manifestText(files);
        Path folder = cacheRoot.resolve(folderName(version.name())).resolve(version.version() + "-" + sha256(manifest).substring(0, 16));
        synchronized (this) {
            if (!isIntact(folder, manifest, files)) {
                download(version, files, manifest, folder);
            }
        }
        return ModelPackage.read(folder);
    }

    /** Fetches and loads a version with its runtime. */
    public LoadedModel load(ModelVersion version, int intraOpThreads) {
        return LoadedModel.load(fetch(version), intraOpThreads);
    }

    private boolean isIntact(Path folder, String manifest, List<ModelFile> files) {
        try {
            if (!Files.isRegularFile(folder.resolve(MANIFEST_FILE))
                    || !Files.readString(folder.resolve(MANIFEST_FILE), StandardCharsets.UTF_8).equals(manifest)) {
                return false;
            }
            if (verified.contains(folder)) {
                return true;
            }
            for (ModelFile file : files) {
                Path local = ModelPackage.resolveInside(folder, file.path());
                if (!Files.isRegularFile(local) || Files.size(local) != file.size() || !sha256(local).equals(file.digest())) {
                    return false;
                }
            }
            verified.add(folder);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Downloads into a fresh folder beside the target and moves it into place whole. */
    private void download(ModelVersion version, List<ModelFile> files, String manifest, Path folder) {
        try {
            Files.createDirectories(folder.getParent());
            Path partial = Files.createTempDirectory(folder.getParent(), ".fetch-");
            try {
                for (ModelFile file : files) {
                    Path target = ModelPackage.resolveInside(partial, file.path());
                    Files.createDirectories(target.getParent());
                    MessageDigest digest = sha256();
                    try (InputStream in = new DigestInputStream(source.open(version, file), digest);
                         OutputStream out = Files.newOutputStream(target)) {
                        in.transferTo(out);
                    }
                    String actual = HexFormat.of().formatHex(digest.digest());
                    if (!actual.equals(file.digest())) {
                        throw new CairnException(ErrorCode.INVALID_STATE, "File " + file.path() + " of model '" + version.name()
                                + "' version " + version.version() + " does not match its registered digest; the artifact store is damaged");
                    }
                }
                Files.writeString(partial.resolve(MANIFEST_FILE), manifest, StandardCharsets.UTF_8);
                FolderTree.delete(folder);
                try {
                    Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, folder);
                }
                verified.add(folder);
            } finally {
                FolderTree.delete(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch model '" + version.name() + "' version " + version.version() + " into the cache", e);
        }
    }

    private static String manifestText(List<ModelFile> files) {
        StringBuilder text = new StringBuilder();
        files.stream().sorted(Comparator.comparing(ModelFile::path))
                .forEach(file -> text.append(file.digest()).append(' ').append(file.size()).append(' ').append(file.path()).append('\n'));
        return text.toString();
    }

    /** A model name may hold any character; the cache folder's name is its hex digest prefix and a readable part. */
    private static String folderName(String model) {
        String readable = model.replaceAll("[^A-Za-z0-9._-]", "_");
        return (readable.length() > 40 ? readable.substring(0, 40) : readable) + "-" + sha256(model).substring(0, 12);
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
