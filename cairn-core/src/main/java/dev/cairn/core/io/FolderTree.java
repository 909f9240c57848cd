package dev.cairn.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removal of a folder with everything under it, the way work and staging folders are cleaned up. */
public final class FolderTree {
    private FolderTree() {
    }

    /**
     * Deletes {@code folder} and everything under it, deepest first; a folder that does not exist
     * is already deleted. Fails on the first entry that cannot be removed.
     */
    public static void delete(Path folder) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(folder)) {
            entries = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException e) {
            return;
        }
        for (Path entry : entries) {
            Files.deleteIfExists(entry);
        }
    }

    /**
     * Deletes {@code folder} like {@link #delete}, for clean-up after the real work is done, where
     * a leftover temporary folder is harmless and must not hide the outcome. Returns whether
     * everything was removed.
     */
    public static boolean deleteQuietly(Path folder) {
        try {
            delete(folder);
            return true;
        } catch (IOException | UncheckedIOException e) {
            // The walk reports what it meets while iterating (an entry gone, a folder it may not read) unchecked.
            return false;
        }
    }
}
