package dev.cairn.model.frame;

import dev.cairn.core.error.CairnException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.LineNumberReader;
import java.io.Reader;
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
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, "CSV file " + file);
        } catch (IOException e) {
            throw CairnException.invalidParameter("Cannot read CSV file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Reads CSV text into a frame; {@code source} names the input in error messages (for example
     * "CSV file data.csv" or "The CSV request body"). A quoted field may hold commas, quotes and
     * line breaks.
     */
    public static Frame read(Reader input, String source) throws IOException {
        LineNumberReader reader = new LineNumberReader(input);
        List<List<String>> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        while (true) {
            int start = reader.getLineNumber() + 1;
            List<String> record = readRecord(reader, source);
            if (record == null) {
                break;
            }
            if (record.size() > 1 || !record.get(0).isBlank()) {
                records.add(record);
                lines.add(start);
            }
        }
        if (records.isEmpty()) {
            throw CairnException.invalidParameter(source + " is empty; it needs a header row");
        }
        List<String> header = records.get(0);
        for (int r = 1; r < records.size(); r++) {
            if (records.get(r).size() != header.size()) {
                throw CairnException.invalidParameter(source + ", line " + lines.get(r) + ": " + records.get(r).size()
                        + " fields, but the header has " + header.size());
            }
        }
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            String[] values = new String[records.size() - 1];
            for (int r = 1; r < records.size(); r++) {
                String value = records.get(r).get(c);
                values[r - 1] = value.isEmpty() ? null : value;
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

    /**
     * Reads one record, which spans several lines when a quoted field holds a line break;
     * returns null at the end of the input.
     */
    private static List<String> readRecord(LineNumberReader reader, String source) throws IOException {
        String line = reader.readLine();
        if (line == null) {
            return null;
        }
        int firstLine = reader.getLineNumber();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
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
            if (!quoted) {
                break;
            }
            line = reader.readLine();
            if (line == null) {
                throw CairnException.invalidParameter(source + ", line " + firstLine + ": a quoted field is never closed");
            }
            // The line break belongs to the quoted field's value.
            field.append('\n');
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
