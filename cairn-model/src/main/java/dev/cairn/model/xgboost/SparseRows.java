package dev.cairn.model.xgboost;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.Arrays;
import java.util.List;

/**
 * Encoded feature rows in compressed sparse row form, the layout XGBoost reads without copying
 * row by row. A zero or a NaN is left out, and XGBoost takes a left-out entry as missing: this
 * is how Tribuo's sparse examples trained Cairn's XGBoost models, and training and serving build
 * their matrices here so that both leave out exactly the same entries. The {@code linear} flavor's
 * logistic regressions are trained and scored on the same rows ({@code dev.cairn.model.linear}).
 *
 * @param rowStarts where each row's entries start in {@code columns} and {@code values}, plus the end
 * @param columns the column of each entry, ascending within a row
 * @param values the value of each entry
 * @param columnCount the number of feature columns (trailing columns may have no entries)
 */
public record SparseRows(long[] rowStarts, int[] columns, float[] values, int columnCount) {
    public SparseRows {
        if (rowStarts.length == 0 || columns.length != values.length || rowStarts[rowStarts.length - 1] != values.length) {
            throw new IllegalArgumentException("rowStarts, columns and values do not describe one matrix");
        }
    }

    /**
     * The given rows of feature columns.
     *
     * @param features one array per feature column, all of one length
     * @param rows the rows to take, in the matrix's order
     */
    public static SparseRows of(double[][] features, int[] rows) {
        long[] rowStarts = new long[rows.length + 1];
        // Column by column, so that each feature array is read in one sweep.
        int[] counts = new int[rows.length];
        for (double[] feature : features) {
            for (int i = 0; i < rows.length; i++) {
                if (present(feature[rows[i]])) {
                    counts[i]++;
                }
            }
        }
        for (int i = 0; i < rows.length; i++) {
            rowStarts[i + 1] = rowStarts[i] + counts[i];
        }
        int entries = Math.toIntExact(rowStarts[rows.length]);
        int[] columns = new int[entries];
        float[] values = new float[entries];
        int[] next = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            next[i] = (int) rowStarts[i];
        }
        for (int c = 0; c < features.length; c++) {
            double[] feature = features[c];
            for (int i = 0; i < rows.length; i++) {
                double value = feature[rows[i]];
                if (present(value)) {
                    if (Math.abs(value) > Float.MAX_VALUE) {
                        // As a float it would be infinite, and the model's sums over it NaN.
                        throw CairnException.invalidParameter("Feature " + c + " of row " + i + " is " + value
                                + ", beyond what the model computes with (32-bit floats, at most " + Float.MAX_VALUE + ")");
                    }
                    columns[next[i]] = c;
                    values[next[i]++] = (float) value;
                }
            }
        }
        return new SparseRows(rowStarts, columns, values, features.length);
    }

    /**
     * The given rows of this matrix, in the given order: the same matrix as {@link #of} builds for
     * those rows of the same features, gathered from these arrays' few entries instead of the
     * feature arrays (which a cross-validation fold would otherwise sweep in full, every fold).
     *
     * @param rows rows of this matrix
     */
    public SparseRows select(int[] rows) {
        long[] starts = new long[rows.length + 1];
        for (int i = 0; i < rows.length; i++) {
            starts[i + 1] = starts[i] + rowStarts[rows[i] + 1] - rowStarts[rows[i]];
        }
        int entries = Math.toIntExact(starts[rows.length]);
        int[] selectedColumns = new int[entries];
        float[] selectedValues = new float[entries];
        for (int i = 0; i < rows.length; i++) {
            int from = (int) rowStarts[rows[i]];
            int length = (int) (starts[i + 1] - starts[i]);
            System.arraycopy(columns, from, selectedColumns, (int) starts[i], length);
            System.arraycopy(values, from, selectedValues, (int) starts[i], length);
        }
        return new SparseRows(starts, selectedColumns, selectedValues, columnCount);
    }

    /**
     * Every row of an encoded frame (numeric columns, in matrix column order), as serving builds
     * them: a missing value is left out like a zero.
     */
    public static SparseRows ofFrame(Frame encoded) {
        List<Column> columns = encoded.columns();
        double[][] features = new double[columns.size()][];
        for (int c = 0; c < features.length; c++) {
            features[c] = withMissingAsNaN((Column.Numbers) columns.get(c));
        }
        int[] rows = new int[encoded.rowCount()];
        Arrays.setAll(rows, i -> i);
        return of(features, rows);
    }

    private static double[] withMissingAsNaN(Column.Numbers column) {
        double[] values = column.values();
        for (int r = 0; r < values.length; r++) {
            if (column.nulls()[r]) {
                values = values.clone();
                for (int m = r; m < values.length; m++) {
                    if (column.nulls()[m]) {
                        values[m] = Double.NaN;
                    }
                }
                return values;
            }
        }
        return values;
    }

    private static boolean present(double value) {
        return value != 0.0 && !Double.isNaN(value);
    }

    /** The number of rows. */
    public int rowCount() {
        return rowStarts.length - 1;
    }

    /** A native XGBoost matrix of these rows; the caller disposes of it. */
    public DMatrix toDMatrix() throws XGBoostError {
        return new DMatrix(rowStarts, columns, values, DMatrix.SparseType.CSR, columnCount);
    }
}
