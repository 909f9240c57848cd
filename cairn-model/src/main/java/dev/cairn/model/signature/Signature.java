package dev.cairn.model.signature;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model's named, typed inputs and outputs. {@link #conform} checks an input frame before the
 * model sees it and reports every problem at once, by column name.
 */
public record Signature(List<ColumnSpec> inputs, List<ColumnSpec> outputs) {
    private static final int MAX_PROBLEMS = 20;

    public Signature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (inputs.isEmpty()) {
            throw CairnException.invalidParameter("A signature needs at least one input column");
        }
    }

    /**
     * The outputs every Cairn runtime gives: {@code label} and {@code probability_<class>} for a
     * classifier (classes given), {@code prediction} for a regressor (no classes).
     */
    public static List<ColumnSpec> standardOutputs(List<String> classLabels) {
        List<ColumnSpec> outputs = new ArrayList<>();
        if (classLabels.isEmpty()) {
            outputs.add(new ColumnSpec("prediction", ColumnType.DOUBLE, false));
        } else {
            outputs.add(new ColumnSpec("label", ColumnType.STRING, false));
            classLabels.forEach(label -> outputs.add(new ColumnSpec("probability_" + label, ColumnType.DOUBLE, false)));
        }
        return outputs;
    }

    /**
     * The input with exactly this signature's columns, in its order and types. Missing, extra
     * and mistyped columns and unexpected nulls are all reported in one error. Numeric widening
     * (LONG to DOUBLE) and numbers written as text are accepted; lossy coercion (2.5 to LONG) is not.
     */
    public Frame conform(Frame input) {
        if (alreadyConforms(input)) {
            return input;
        }
        List<String> problems = new ArrayList<>();
        List<Column> conformed = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (ColumnSpec spec : inputs) {
            expected.add(spec.name());
            input.column(spec.name()).ifPresentOrElse(
                    column -> conformed.add(convert(spec, column, problems)),
                    () -> problems.add("missing column `" + spec.name() + "` (" + spec.type().wireName() + ")"));
        }
        for (Column column : input.columns()) {
            if (!expected.contains(column.name())) {
                problems.add("unexpected column `" + column.name() + "`");
            }
        }
        if (!problems.isEmpty()) {
            List<String> shown = problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems;
            throw CairnException.invalidParameter("The input does not match the model's signature: " + String.join("; ", shown)
                    + (problems.size() > MAX_PROBLEMS ? "; and " + (problems.size() - MAX_PROBLEMS) + " more" : ""));
        }
        return new Frame(conformed);
    }

    /**
     * The fast path of serving: the input already has exactly the signature's columns, in order,
     * of the same types and without forbidden nulls, so nothing needs copying.
     */
    private boolean alreadyConforms(Frame input) {
        List<Column> columns = input.columns();
        if (columns.size() != inputs.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            ColumnSpec spec = inputs.get(i);
            Column column = columns.get(i);
            if (!column.name().equals(spec.name()) || column.type() != spec.type()) {
                return false;
            }
            if (!spec.nullable()) {
                for (int row = 0; row < column.size(); row++) {
                    if (column.isNull(row)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static Column convert(ColumnSpec spec, Column column, List<String> problems) {
        int rows = column.size();
        for (int row = 0; row < rows; row++) {
            if (column.isNull(row) && !spec.nullable()) {
                problems.add("column `" + spec.name() + "`: missing value at row " + row);
                return column;
            }
        }
        if (spec.type() == ColumnType.STRING) {
            if (column instanceof Column.Strings) {
                return column;
            }
            String[] text = new String[rows];
            for (int row = 0; row < rows; row++) {
                text[row] = column.isNull(row) ? null : column.text(row);
            }
            return new Column.Strings(spec.name(), text);
        }
        double[] values = new double[rows];
        boolean[] nulls = new boolean[rows];
        for (int row = 0; row < rows; row++) {
            if (column.isNull(row)) {
                nulls[row] = true;
                continue;
            }
            double value;
            if (column instanceof Column.Numbers numbers) {
                value = numbers.values()[row];
            } else {
                String text = column.text(row);
                try {
                    value = Double.parseDouble(text.trim());
                } catch (NumberFormatException e) {
                    problems.add("column `" + spec.name() + "`: expected " + spec.type().wireName() + ", got string '" + text + "'");
                    return column;
                }
            }
            if (spec.type() == ColumnType.LONG && value != Math.rint(value)) {
                problems.add("column `" + spec.name() + "`: expected long, got " + value + " (would lose its fraction)");
                return column;
            }
            values[row] = value;
        }
        return new Column.Numbers(spec.name(), spec.type(), values, nulls);
    }
}
