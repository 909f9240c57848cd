package dev.cairn.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FolderTreeTest {
    @TempDir
    Path temp;

    @Test
    void deletesAFolderWithNestedFoldersAndFilesButNothingBesideIt() throws IOException {
        Path folder = temp.resolve("work");
        Files.createDirectories(folder.resolve("a/b/c"));
        Files.writeString(folder.resolve("top.txt"), "x");
        Files.writeString(folder.resolve("a/b/c/deep.txt"), "y");
        Path beside = Files.writeString(temp.resolve("beside.txt"), "kept");

        FolderTree.delete(folder);
        FolderTree.delete(folder);

        assertThat(folder).doesNotExist();
        assertThat(beside).hasContent("kept");
    }

    @Test
    void aMissingFolderIsAlreadyDeleted() throws IOException {
        FolderTree.delete(temp.resolve("never-made"));
        assertThat(FolderTree.deleteQuietly(temp.resolve("never-made"))).isTrue();
    }
}
