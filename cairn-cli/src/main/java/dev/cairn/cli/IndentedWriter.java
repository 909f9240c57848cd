package dev.cairn.cli;

import java.io.IOException;
import java.io.Writer;

import static java.util.Objects.requireNonNull;

/**
 * A writer that puts a prefix before every line it passes on: the detail lines of a step (the
 * training's progress) under the line of the stage that runs it.
 */
final class IndentedWriter extends Writer {
    private final Writer target;
    private final String prefix;
    private boolean atLineStart = true;

    IndentedWriter(Writer target, String prefix) {
        this.target = requireNonNull(target, "target is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            if (atLineStart) {
                target.write(prefix);
                atLineStart = false;
            }
            target.write(buffer[i]);
            atLineStart = buffer[i] == '\n';
        }
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }

    /** Flushes without closing the target, which belongs to whoever gave it. */
    @Override
    public void close() throws IOException {
        target.flush();
    }
}
