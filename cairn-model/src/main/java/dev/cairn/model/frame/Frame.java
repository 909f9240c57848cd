package dev.cairn.model.frame;

import dev.cairn.core.error.CairnException;

import java.util.List;
import java.util.Optional;

/**
 * A small columnar batch of rows: what a model takes and returns, shared by serving, batch
 * scoring and validation. Columns have unique names and equal lengths.
 */
public record Frame(List<Column> columns) {
    public Frame {
        columns = List.copyOf(columns);
        // An encoded frame has a column per one-hot category and is built for every served request,
        // so the names go in one open-addressing table rather than a map of one node per column.
        String[] names = new String[Integer.highestOneBit(Math.max(1, columns.size()) * 2) * 2];
        for (Column column : columns) {
            if (!addName(names, column.name())) {
                throw CairnException.invalidParameter("Column `" + column.name() + "` appears twice");
            }
            if (column.size() != columns.get(0).size()) {
                throw CairnException.invalidParameter("Column `" + column.name() + "` has " + column.size()
                        + " rows; column `" + columns.get(0).name() + "` has " + columns.get(0).size());
            }
        }
    }

    /** The number of rows. */
    public int rowCount() {
        return columns.isEmpty() ? 0 : columns.get(0).size();
    }

    /** The column with a name, if there is one. */
    public Optional<Column> column(String name) {
        // A loop, not a stream: encoding looks up every input column of every served request.
        for (Column column : columns) {
            if (column.name().equals(name)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /** The named columns, in the given order. */
    public Frame select(List<String> names) {
        List<Column> selected = new java.util.ArrayList<>(names.size());
        for (String name : names) {
            selected.add(column(name).orElseThrow(() -> CairnException.invalidParameter("There is no column `" + name + "`")));
        }
        return new Frame(selected);
    }

    /** The given rows, in the given order. */
    public Frame rows(int[] rows) {
        return new Frame(columns.stream().map(column -> column.rows(rows)).toList());
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), in order. */
    public Frame slice(int from, int to) {
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return rows(rows);
    }

    /**
     * The rows of several frames one after another. The frames must have the same columns, in the
     * same order and of the same types (frames conformed to one signature do).
     */
    public static Frame concat(List<Frame> frames) {
        Frame first = frames.get(0);
        int total = frames.stream().mapToInt(Frame::rowCount).sum();
        List<Column> columns = new java.util.ArrayList<>(first.columns().size());
        for (int c = 0; c < first.columns().size(); c++) {
            Column template = first.columns().get(c);
            int offset = 0;
            if (template instanceof Column.Numbers numbers) {
                double[] values = new double[total];
                boolean[] nulls = new boolean[total];
                for (Frame frame : frames) {
                    Column.Numbers part = (Column.Numbers) frame.columns().get(c);
                    System.arraycopy(part.values(), 0, values, offset, part.size());
                    System.arraycopy(part.nulls(), 0, nulls, offset, part.size());
                    offset += part.size();
                }
                columns.add(new Column.Numbers(numbers.name(), numbers.type(), values, nulls));
            } else {
                String[] values = new String[total];
                for (Frame frame : frames) {
                    Column.Strings part = (Column.Strings) frame.columns().get(c);
                    System.arraycopy(part.values(), 0, values, offset, part.size());
                    offset += part.size();
                }
                columns.add(new Column.Strings(template.name(), values));
            }
        }
        return new Frame(columns);
    }

    /** The first {@code count} rows (all of them if there are fewer). */
    public Frame head(int count) {
        int[] rows = new int[Math.min(count, rowCount())];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows(rows);
    }

    /** Adds a name to a power-of-two table with free slots; false if it is there already. */
    private static boolean addName(String[] table, String name) {
        int mask = table.length - 1;
        int hash = name.hashCode();
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (table[slot] != null) {
            if (table[slot].equals(name)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = name;
        return true;
    }
}
