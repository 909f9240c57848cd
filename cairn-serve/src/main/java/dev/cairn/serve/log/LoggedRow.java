package dev.cairn.serve.log;

import dev.cairn.model.frame.Frame;

import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * One row of a frame as the prediction log keeps it: the scored frame itself, rendered as JSON
 * only when asked, by the log's writer thread or the dashboard, so a request's own thread only
 * keeps a reference. The frame is read, never changed, after scoring.
 *
 * @param frame the inputs or outputs of a request
 * @param row the row of {@code frame} this record is about
 */
public record LoggedRow(Frame frame, int row) {
    public LoggedRow {
        requireNonNull(frame, "frame is null");
        Objects.checkIndex(row, frame.rowCount());
    }

    /** The row of a frame of its own, so that keeping it long does not keep the rest of a large request. */
    public LoggedRow detached() {
        return frame.rowCount() == 1 ? this : new LoggedRow(frame.rows(new int[] {row}), 0);
    }

    /** The row as a JSON object, {@code {"column": value, ...}}, as {@link RowJson} writes it. */
    public String json() {
        return RowJson.of(frame, row);
    }
}
