package dev.cairn.model.frame;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * One named, typed column of a {@link Frame}. Numbers are kept in a primitive array, so a batch
 * of a thousand rows costs no boxing; a null is marked in {@code nulls}.
 */
public sealed interface Column permits Column.Numbers, Column.Strings {
    /** The column's name. */
    String name();

    /** The column's type. */
    ColumnType type();

    /** The number of rows. */
    int size();

    /** True if the value at a row is missing. */
    boolean isNull(int row);

    /** The value at a row as text (for messages and CSV). */
    String text(int row);

    /** A column of the given rows, in the given order. */
    Column rows(int[] rows);

    /** A numeric column ({@link ColumnType#LONG} or {@link ColumnType#DOUBLE}). */
    record Numbers(String name, ColumnType type, double[] values, boolean[] nulls) implements Column {
        public Numbers {
            requireNonNull(name, "name is null");
            if (!type.isNumeric()) {
                throw new IllegalArgumentException("a numeric column cannot have type " + type);
            }
            if (values.length != nulls.length) {
                throw new IllegalArgumentException("values and nulls differ in length");
            }
        }

        /** A double column without nulls. */
        public static Numbers ofDoubles(String name, double[] values) {
            return new Numbers(name, ColumnType.DOUBLE, values, new boolean[values.length]);
        }

        @Override
        public Numbers rows(int[] rows) {
            double[] selected = new double[rows.length];
            boolean[] selectedNulls = new boolean[rows.length];
            for (int i = 0; i < rows.length; i++) {
                selected[i] = values[rows[i]];
                selectedNulls[i] = nulls[rows[i]];
            }
            return new Numbers(name, type, selected, selectedNulls);
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isNull(int row) {
            return nulls[row];
        }

        @Override
        public String text(int row) {
            if (nulls[row]) {
                return "";
            }
            return type == ColumnType.LONG ? Long.toString((long) values[row]) : Double.toString(values[row]);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Numbers that && name.equals(that.name) && type == that.type
                    && Arrays.equals(values, that.values) && Arrays.equals(nulls, that.nulls);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return name + ":" + type.wireName() + Arrays.toString(values);
        }
    }

    /** A text column; a null entry is a missing value. */
    record Strings(String name, String[] values) implements Column {
        public Strings {
            requireNonNull(name, "name is null");
            requireNonNull(values, "values is null");
        }

        @Override
        public ColumnType type() {
            return ColumnType.STRING;
        }

        @Override
        public Strings rows(int[] rows) {
            String[] selected = new String[rows.length];
            for (int i = 0; i < rows.length; i++) {
                selected[i] = values[rows[i]];
            }
            return new Strings(name, selected);
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isNull(int row) {
            return values[row] == null;
        }

        @Override
        public String text(int row) {
            return values[row] == null ? "" : values[row];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Strings that && name.equals(that.name) && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return name + ":string" + Arrays.toString(values);
        }
    }
}
