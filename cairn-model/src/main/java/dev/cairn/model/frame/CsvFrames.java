package dev.cairn.model.frame;

import dev.cairn.core.error.CairnException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes frames as CSV with a header row (RFC 4180 quoting). A column whose every
 * non-empty value parses as a number is numeric (LONG if all are whole, else DOUBLE); an empty
 * field is a null.
 */
public final class CsvFrames {
    private CsvFrames() {
    }

    /** Reads a CSV file into a frame. */
    public static Frame read(Path file) {
        List<List<String>> records = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    records.add(splitLine(line));
                }
            }
        } catch (IOException e) {
            throw CairnException.invalidParameter("Cannot read CSV file " + file + ": " + e.getMessage());
        }
        if (records.isEmpty()) {
            throw CairnException.invalidParameter("CSV file " + file + " is empty; it needs a header row");
        }
        List<String> header = records.get(0);
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            String[] values = new String[records.size() - 1];
            for (int r = 1; r < records.size(); r++) {
                List<String> record = records.get(r);
                if (record.size() != header.size()) {
                    throw CairnException.invalidParameter("CSV file " + file + ", line " + (r + 1) + ": " + record.size()
                            + " fields, but the header has " + header.size());
                }
                values[r - 1] = record.get(c).isEmpty() ? null : record.get(c);
            }
            columns.add(typed(header.get(c).trim(), values));
        }
        return new Frame(columns);
    }

    /** Writes a frame as CSV with a header row. */
    public static void write(Frame frame, Writer out) throws IOException {
        writeHeader(frame.columns().stream().map(Column::name).toList(), out);
        writeRows(frame, out);
    }

    /** Writes a CSV header row. */
    public static void writeHeader(List<String> names, Writer out) throws IOException {
        out.write(String.join(",", names.stream().map(CsvFrames::quote).toList()));
        out.write('\n');
    }

    /** Writes a frame's rows without a header, to append batches to one file. */
    public static void writeRows(Frame frame, Writer out) throws IOException {
        for (int row = 0; row < frame.rowCount(); row++) {
            for (int c = 0; c < frame.columns().size(); c++) {
                if (c > 0) {
                    out.write(',');
                }
                out.write(quote(frame.columns().get(c).text(row)));
            }
            out.write('\n');
        }
    }

    private static Column typed(String name, String[] values) {
        double[] numbers = new double[values.length];
        boolean[] nulls = new boolean[values.length];
        boolean whole = true;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                nulls[i] = true;
                continue;
            }
            try {
                numbers[i] = Double.parseDouble(values[i].trim());
            } catch (NumberFormatException notNumeric) {
                return new Column.Strings(name, values);
            }
            whole &= numbers[i] == Math.rint(numbers[i]) && !values[i].contains(".");
        }
        return new Column.Numbers(name, whole ? ColumnType.LONG : ColumnType.DOUBLE, numbers, nulls);
    }

    private static List<String> splitLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static String quote(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
