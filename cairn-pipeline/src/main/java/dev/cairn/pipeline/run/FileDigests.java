package dev.cairn.pipeline.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.data.file.TableFile;
import dev.cairn.pipeline.step.ContentDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The content digests of this machine's files, each kept with the file's stamp (size,
 * modification time, file identity) and trusted while the stamp is unchanged, as make and DVC
 * trust theirs: an unchanged pipeline's re-run then reads no file through. The digests are kept
 * in a file of the work root between runs. They are local facts (a stamp means nothing on another
 * machine), which is why they are not recorded on the step runs, whose outputs any machine may
 * reuse; and the source's digest is needed before the cache lookup that would find such a run.
 * Safe for the executor's threads.
 */
final class FileDigests {
    private static final Logger LOG = LoggerFactory.getLogger(FileDigests.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Stamped>> STAMPED = new TypeReference<>() {
    };

    private final Path store;
    private final Map<String, Stamped> known;

    /** A file's stamp and the digest of its content with that stamp. */
    record Stamped(long size, long modifiedNanos, String identity, String digest) {
        Stamped {
            requireNonNull(identity, "identity is null");
            requireNonNull(digest, "digest is null");
        }
    }

    private FileDigests(Path store, Map<String, Stamped> known) {
        this.store = store;
        this.known = new ConcurrentHashMap<>(known);
    }

    /** The digests kept in {@code store}; none when it does not exist or cannot be read (they are only a shortcut). */
    static FileDigests load(Path store) {
        Map<String, Stamped> known = Map.of();
        if (Files.isRegularFile(store)) {
            try {
                known = JSON.readValue(store.toFile(), STAMPED);
            } catch (IOException e) {
                known = Map.of();
            }
        }
        return new FileDigests(store, known);
    }

    /** The digest of a file or folder ({@link ContentDigest#ofPath}), hashing only files whose stamp changed. */
    String of(Path path) {
        return ContentDigest.ofPath(path, this::ofFile);
    }

    /** Records the digest a step computed for a file it just wrote, so that the next run does not hash it again. */
    void record(Path path, String digest) {
        if (Files.isRegularFile(path)) {
            stamp(path).ifPresent(stamp -> known.put(key(path), new Stamped(stamp.size(), stamp.modifiedNanos(), stamp.identity(), digest)));
        }
    }

    /** Writes the digests back to their file, replacing it whole. */
    void save() {
        Path partial = null;
        try {
            Files.createDirectories(store.getParent());
            // A partial file of its own: runs of the same pipeline on other threads or workers save beside this one.
            partial = Files.createTempFile(store.getParent(), store.getFileName().toString(), ".partial");
            JSON.writeValue(partial.toFile(), new TreeMap<>(known));
            Files.move(partial, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Only a shortcut: the next run hashes the files again.
            LOG.warn("Cannot keep file digests in {}: {}", store, e.toString());
            deleteQuietly(partial);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Left for the next save to overwrite; it is in the work folder, not in the data.
        }
    }

    private String ofFile(Path file) {
        Optional<Stamped> now = stamp(file);
        Stamped kept = known.get(key(file));
        if (now.isPresent() && kept != null && kept.size() == now.get().size() && kept.modifiedNanos() == now.get().modifiedNanos()
                && kept.identity().equals(now.get().identity())) {
            return kept.digest();
        }
        String digest = new TableFile(file).sha256();
        now.ifPresent(stamp -> known.put(key(file), new Stamped(stamp.size(), stamp.modifiedNanos(), stamp.identity(), digest)));
        return digest;
    }

    /** The file's stamp with no digest yet; none when the file cannot be read (hashing it will then say why). */
    private static Optional<Stamped> stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new Stamped(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                    String.valueOf(attributes.fileKey()), ""));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String key(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }
}
