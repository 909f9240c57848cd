package dev.cairn.core.artifact;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An {@link ArtifactStore} in a local folder:
 * <pre>
 *   root/blobs/ab/abcdef...   content, named by its sha256 digest
 *   root/paths/&lt;path&gt;        one small file per artifact path: "&lt;digest&gt; &lt;size&gt;"
 *   root/tmp/                 uploads in progress
 * </pre>
 * Content is streamed to a temporary file while it is hashed, synced, then renamed into place;
 * the path file is written the same way. A crash leaves at most an orphan in {@code tmp}, never
 * a half-written file under a final name.
 */
public final class LocalArtifactStore implements ArtifactStore {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path blobs;
    private final Path paths;
    private final Path tmp;

    /** Opens (creating if needed) a store in a folder. */
    public LocalArtifactStore(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        this.blobs = absolute.resolve("blobs");
        this.paths = absolute.resolve("paths");
        this.tmp = absolute.resolve("tmp");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(paths);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the artifact store at " + absolute, e);
        }
    }

    @Override
    public ArtifactEntry put(ArtifactPath path, InputStream content) {
        if (path.isRoot()) {
            throw CairnException.invalidParameter("An artifact needs a file name; the store's root is a directory");
        }
        Path reference = referenceFile(path);
        if (Files.isDirectory(reference)) {
            throw CairnException.invalidParameter("Cannot write artifact '" + path + "': it is a directory");
        }
        Path upload = null;
        try {
            upload = Files.createTempFile(tmp, "upload-", ".part");
            MessageDigest sha256 = sha256();
            long size = 0;
            try (FileChannel channel = FileChannel.open(upload, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[BUFFER_SIZE];
                for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
                    sha256.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                    size += read;
                }
                out.flush();
                channel.force(true);
            }
            String digest = HexFormat.of().formatHex(sha256.digest());
            Path blob = blobFile(digest);
            Files.createDirectories(blob.getParent());
            Files.move(upload, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            upload = null;
            writeReference(path, reference, digest + " " + size);
            return ArtifactEntry.file(path, size, digest);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Cannot store artifact '" + path + "': " + e.getMessage(), e);
        } finally {
            if (upload != null) {
                deleteQuietly(upload);
            }
        }
    }

    @Override
    public InputStream open(ArtifactPath path) {
        ArtifactEntry entry = stat(path).orElseThrow(() -> CairnException.notFound("No artifact at '" + path + "'"));
        if (entry.directory()) {
            throw CairnException.invalidParameter("Artifact '" + path + "' is a directory; list it instead of downloading it");
        }
        try {
            return Files.newInputStream(blobFile(entry.digest().orElseThrow()));
        } catch (NoSuchFileException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "The content of artifact '" + path + "' is missing from the store", e);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Cannot read artifact '" + path + "': " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream openContent(String digest) {
        if (!digest.matches("[0-9a-f]{64}")) {
            throw CairnException.invalidParameter("Not a sha256 digest: '" + digest + "'");
        }
        try {
            return Files.newInputStream(blobFile(digest));
        } catch (NoSuchFileException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "The content " + digest + " is missing from the store", e);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Cannot read the content " + digest + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ArtifactEntry> stat(ArtifactPath path) {
        Path reference = referenceFile(path);
        if (Files.isDirectory(reference)) {
            return Optional.of(ArtifactEntry.directory(path));
        }
        if (!Files.isRegularFile(reference)) {
            return Optional.empty();
        }
        return Optional.of(readReference(path, reference));
    }

    @Override
    public List<ArtifactEntry> list(ArtifactPath directory) {
        Path folder = referenceFile(directory);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<ArtifactEntry> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : children.sorted().toList()) {
                ArtifactPath childPath = directory.resolve(child.getFileName().toString());
                entries.add(Files.isDirectory(child) ? ArtifactEntry.directory(childPath) : readReference(childPath, child));
            }
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Cannot list artifacts under '" + directory + "': " + e.getMessage(), e);
        }
        return entries;
    }

    private void writeReference(ArtifactPath path, Path reference, String text) throws IOException {
        try {
            Files.createDirectories(reference.getParent());
        } catch (FileAlreadyExistsException e) {
            throw CairnException.invalidParameter("Cannot write artifact '" + path + "': a parent of it is a file");
        }
        Path staged = Files.createTempFile(tmp, "ref-", ".part");
        try {
            Files.writeString(staged, text, StandardCharsets.UTF_8);
            Files.move(staged, reference, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(staged);
            throw e;
        }
    }

    private ArtifactEntry readReference(ArtifactPath path, Path reference) {
        try {
            String[] parts = Files.readString(reference, StandardCharsets.UTF_8).trim().split(" ");
            return ArtifactEntry.file(path, Long.parseLong(parts[1]), parts[0]);
        } catch (IOException | RuntimeException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "The record of artifact '" + path + "' is unreadable", e);
        }
    }

    private Path referenceFile(ArtifactPath path) {
        Path file = paths;
        for (String segment : path.segments()) {
            file = file.resolve(segment);
        }
        return file;
    }

    private Path blobFile(String digest) {
        return blobs.resolve(digest.substring(0, 2)).resolve(digest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // An orphan in tmp/ is harmless; the original failure is what the caller needs.
        }
    }
}
