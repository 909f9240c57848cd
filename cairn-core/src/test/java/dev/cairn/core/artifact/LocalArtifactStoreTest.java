package dev.cairn.core.artifact;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalArtifactStoreTest {
    @TempDir
    Path root;

    @Test
    void storesContentByDigestAndReadsItBack() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(root);
        ArtifactEntry entry = store.put(ArtifactPath.of("1/run/artifacts/model/weights.bin"), stream("hello"));
        assertThat(entry.size()).hasValue(5);
        assertThat(entry.digest()).hasValue(sha256("hello"));
        try (InputStream in = store.open(ArtifactPath.of("1/run/artifacts/model/weights.bin"))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
    }

    @Test
    void identicalContentIsStoredOnce() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(root);
        store.put(ArtifactPath.of("a/x.txt"), stream("same"));
        store.put(ArtifactPath.of("b/y.txt"), stream("same"));
        try (Stream<Path> blobs = Files.walk(root.resolve("blobs"))) {
            assertThat(blobs.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
    }

    @Test
    void overwritingAPathReplacesItsContent() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(root);
        store.put(ArtifactPath.of("f.txt"), stream("one"));
        store.put(ArtifactPath.of("f.txt"), stream("two"));
        try (InputStream in = store.open(ArtifactPath.of("f.txt"))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("two");
        }
    }

    @Test
    void listsDirectChildrenSorted() {
        LocalArtifactStore store = new LocalArtifactStore(root);
        store.put(ArtifactPath.of("run/b.txt"), stream("bb"));
        store.put(ArtifactPath.of("run/a/deep.txt"), stream("d"));
        List<ArtifactEntry> entries = store.list(ArtifactPath.of("run"));
        assertThat(entries).extracting(entry -> entry.path().value()).containsExactly("run/a", "run/b.txt");
        assertThat(entries.get(0).directory()).isTrue();
        assertThat(entries.get(1).size()).hasValue(2);
        assertThat(store.list(ArtifactPath.of("nothing-here"))).isEmpty();
        assertThat(store.stat(ArtifactPath.of("run/a"))).hasValueSatisfying(entry -> assertThat(entry.directory()).isTrue());
    }

    @Test
    void streamsLargeFilesWithoutHoldingThemInMemory() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(root);
        long size = 64L * 1024 * 1024;
        // A generated stream: 64 MiB that never exist in memory as a whole.
        InputStream generated = new InputStream() {
            private long remaining = size;

            @Override
            public int read() {
                return remaining-- > 0 ? (int) (remaining & 0x7f) : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (remaining <= 0) {
                    return -1;
                }
                int count = (int) Math.min(length, remaining);
                for (int i = 0; i < count; i++) {
                    buffer[offset + i] = (byte) (--remaining & 0x7f);
                }
                return count;
            }
        };
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        ArtifactEntry entry = store.put(ArtifactPath.of("big.bin"), generated);
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertThat(entry.size()).hasValue(size);
        assertThat(allocated).as("bytes allocated to store 64 MiB: a buffer's worth, not the file").isLessThan(8L * 1024 * 1024);
        try (InputStream in = store.open(ArtifactPath.of("big.bin"))) {
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(size);
        }
    }

    @Test
    void aFailedUploadLeavesNothingBehind() throws IOException {
        LocalArtifactStore store = new LocalArtifactStore(root);
        InputStream broken = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 1000) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store.put(ArtifactPath.of("partial.bin"), broken)).isInstanceOf(CairnException.class);
        assertThat(store.stat(ArtifactPath.of("partial.bin"))).isEmpty();
        try (Stream<Path> leftovers = Files.list(root.resolve("tmp"))) {
            assertThat(leftovers).isEmpty();
        }
    }

    @Test
    void rejectsPathsThatCouldEscapeTheStore() {
        for (String bad : List.of("../x", "a/../../x", "/etc/passwd", "a\\b", "a\u0000b", "a/\nb")) {
            assertThatThrownBy(() -> ArtifactPath.of(bad))
                    .isInstanceOf(CairnException.class)
                    .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
        }
        assertThat(ArtifactPath.of("a//b/./c/").value()).isEqualTo("a/b/c");
    }

    @Test
    void refusesToDownloadADirectoryOrAMissingFile() {
        LocalArtifactStore store = new LocalArtifactStore(root);
        store.put(ArtifactPath.of("dir/file"), stream("x"));
        assertThatThrownBy(() -> store.open(ArtifactPath.of("dir"))).hasMessageContaining("directory");
        assertThatThrownBy(() -> store.open(ArtifactPath.of("missing")))
                .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
        assertThatThrownBy(() -> store.put(ArtifactPath.of("dir"), stream("y"))).hasMessageContaining("directory");
        assertThatThrownBy(() -> store.put(ArtifactPath.of("dir/file/child"), stream("y"))).hasMessageContaining("file");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
