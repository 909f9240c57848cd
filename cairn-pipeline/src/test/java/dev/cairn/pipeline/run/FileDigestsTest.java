package dev.cairn.pipeline.run;

import dev.cairn.pipeline.step.ContentDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

/** Digests trusted by stamp: what a no-op re-run relies on not to read its files through. */
class FileDigestsTest {
    @TempDir
    Path folder;

    @Test
    void aDigestIsTrustedWhileTheStampIsUnchangedAndKeptBetweenRuns() throws IOException {
        Path file = folder.resolve("table.csv");
        Files.writeString(file, "a,b\n1,2\n");
        FileTime written = Files.getLastModifiedTime(file);
        FileDigests digests = FileDigests.load(folder.resolve("digests.json"));
        String digest = digests.of(file);
        assertThat(digest).isEqualTo(ContentDigest.ofPath(file));
        digests.save();

        // Same size, same time: the kept digest is trusted, as make and DVC trust theirs; this proves nothing was read.
        Files.writeString(file, "a,b\n3,4\n");
        Files.setLastModifiedTime(file, written);
        assertThat(FileDigests.load(folder.resolve("digests.json")).of(file)).isEqualTo(digest);

        Files.setLastModifiedTime(file, FileTime.fromMillis(written.toMillis() + 1000));
        assertThat(FileDigests.load(folder.resolve("digests.json")).of(file)).isEqualTo(ContentDigest.ofPath(file)).isNotEqualTo(digest);
    }

    @Test
    void aFolderDigestIsThatOfItsFilesAndChangesWithAnyOfThem() throws IOException {
        Path model = Files.createDirectories(folder.resolve("model"));
        Files.writeString(model.resolve("cairn-model.yaml"), "name: m\n");
        Files.writeString(model.resolve("model.onnx"), "weights");
        FileDigests digests = FileDigests.load(folder.resolve("digests.json"));
        String before = digests.of(model);
        assertThat(before).isEqualTo(ContentDigest.ofPath(model));

        Files.writeString(model.resolve("model.onnx"), "other weights");
        assertThat(digests.of(model)).isNotEqualTo(before).isEqualTo(ContentDigest.ofPath(model));
    }

    @Test
    void anUnreadableStoreIsNoStore() throws IOException {
        Files.writeString(folder.resolve("digests.json"), "not json");
        Path file = Files.writeString(folder.resolve("x.txt"), "x");
        assertThat(FileDigests.load(folder.resolve("digests.json")).of(file)).isEqualTo(ContentDigest.ofPath(file));
    }
}
