package dev.cairn.serve.log;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;

/** One row of a frame as a JSON object, the form the prediction log keeps inputs and outputs in. */
public final class RowJson {
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private RowJson() {
    }

    /** The row as {@code {"column": value, ...}}; a missing value or NaN is {@code null}. */
    public static String of(Frame frame, int row) {
        StringBuilder json = new StringBuilder(32 * frame.columns().size() + 2).append('{');
        boolean first = true;
        for (Column column : frame.columns()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append('"');
            ENCODER.quoteAsString(column.name(), json);
            json.append("\":");
            if (column.isNull(row)) {
                json.append("null");
            } else if (column instanceof Column.Numbers numbers) {
                double value = numbers.values()[row];
                if (Double.isNaN(value) || Double.isInfinite(value)) {
                    json.append("null");
                } else if (numbers.type() == ColumnType.LONG) {
                    json.append((long) value);
                } else {
                    json.append(value);
                }
            } else {
                json.append('"');
                ENCODER.quoteAsString(column.text(row), json);
                json.append('"');
            }
        }
        return json.append('}').toString();
    }
}
