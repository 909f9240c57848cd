package dev.cairn.pipeline.step;

import dev.cairn.data.file.TableFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/** The sha256 of a text, a file or a folder in lower-case hex, the form every output digest and cache key has. */
public final class ContentDigest {
    private ContentDigest() {
    }

    /** The digest of a text's UTF-8 bytes. */
    public static String of(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The digest of a file's bytes, or of a folder (a model package): the digest of the list of
     * its files' relative paths and digests, in path order, so that renaming a file inside
     * changes it as much as editing one does.
     */
    public static String ofPath(Path path) {
        return ofPath(path, file -> new TableFile(file).sha256());
    }

    /** The digest of a file or folder as {@link #ofPath(Path)}, with each file's digest from {@code fileDigest}. */
    public static String ofPath(Path path, Function<Path, String> fileDigest) {
        if (!Files.isDirectory(path)) {
            return fileDigest.apply(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            StringBuilder listing = new StringBuilder();
            for (Path file : files) {
                listing.append(path.relativize(file).toString().replace('\\', '/')).append(' ')
                        .append(fileDigest.apply(file)).append('\n');
            }
            return of(listing.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }
}
