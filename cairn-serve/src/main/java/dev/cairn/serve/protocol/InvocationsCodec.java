package dev.cairn.serve.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.error.MalformedJson;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.CsvFrames;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.model.signature.Signature;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * MLflow's scoring-server formats ({@code POST /invocations} of {@code mlflow models serve}) to
 * and from a {@link Frame}, so that clients written for MLflow can call a Cairn deployment
 * unchanged.
 *
 * <p>Requests are {@code text/csv} with a header row, or {@code application/json} with exactly
 * one of {@code dataframe_split}, {@code dataframe_records}, {@code instances} or {@code inputs}
 * (and optionally {@code params}, which is accepted and ignored). Column names come from the
 * request; the model's {@link Signature} only names the columns of layouts that carry no names
 * (a list of lists, or a list of scalars for a single-input model). Conforming the frame to the
 * signature is the model's job, not the codec's. Responses are {@code {"predictions": [...]}}, a
 * list of row objects as MLflow writes a pandas DataFrame, or a plain list for one column.
 */
public final class InvocationsCodec {
    /** The most rows one request may carry. */
    public static final int MAX_ROWS = 100_000;

    private static final String JSON = "application/json";
    private static final String CSV = "text/csv";
    private static final String DATAFRAME_SPLIT = "dataframe_split";
    private static final String DATAFRAME_RECORDS = "dataframe_records";
    private static final String INSTANCES = "instances";
    private static final String INPUTS = "inputs";
    private static final String PARAMS = "params";
    private static final List<String> INPUT_KEYS = List.of(DATAFRAME_SPLIT, DATAFRAME_RECORDS, INSTANCES, INPUTS);
    private static final Set<String> SPLIT_KEYS = Set.of("columns", "data", "index");

    /*
     * Python's json module, which most MLflow clients use, writes NaN and Infinity bare, so the
     * reader accepts them. A repeated key would silently drop a value, so it is refused.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private InvocationsCodec() {
    }

    /**
     * Reads a scoring request body into a frame.
     *
     * @param contentType the request's {@code Content-Type}: {@code application/json} or
     *                    {@code text/csv}, with an optional {@code charset=utf-8}
     * @param body        the request body
     * @param signature   the model's signature, which names the columns of unnamed layouts
     * @return the request's rows, with the column names and types the request gave them
     * @throws CairnException {@link ErrorCode#BAD_REQUEST} if the JSON is malformed;
     *                        {@link ErrorCode#INVALID_PARAMETER_VALUE} for an unsupported content
     *                        type or a body of the wrong shape, naming the row and column
     */
    public static Frame read(String contentType, byte[] body, Signature signature) {
        requireNonNull(signature, "signature is null");
        String mediaType = mediaType(contentType);
        byte[] bytes = body == null ? new byte[0] : body;
        Frame frame = switch (mediaType) {
            case JSON -> readJson(bytes, signature);
            case CSV -> readCsv(bytes);
            default -> throw CairnException.invalidParameter("Unsupported content type '" + contentType
                    + "'; /invocations accepts " + JSON + " and " + CSV);
        };
        if (frame.columns().isEmpty() || frame.rowCount() == 0) {
            throw CairnException.invalidParameter("The request has no rows to score; send at least one row");
        }
        if (frame.rowCount() > MAX_ROWS) {
            throw CairnException.invalidParameter("The request has " + frame.rowCount() + " rows; at most " + MAX_ROWS
                    + " are allowed per request, so split it into smaller batches");
        }
        return frame;
    }

    /**
     * Writes predictions as MLflow's scoring server does: {@code {"predictions": [...]}} with one
     * object per row, or a plain list of values when the frame has a single column. LONG columns
     * are written as integers; missing values, NaN and infinities (which JSON cannot hold) as null.
     */
    public static byte[] write(Frame predictions) {
        // Sized for about 16 bytes a value, so a typical response is written without regrowing the buffer.
        long estimate = 64 + 16L * predictions.rowCount() * Math.max(1, predictions.columns().size());
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(estimate, 1 << 24));
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeFieldName("predictions");
            json.writeStartArray();
            List<Column> columns = predictions.columns();
            for (int row = 0; row < predictions.rowCount(); row++) {
                if (columns.size() == 1) {
                    writeValue(json, columns.get(0), row);
                    continue;
                }
                json.writeStartObject();
                for (Column column : columns) {
                    json.writeFieldName(column.name());
                    writeValue(json, column, row);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail; this would be a bug.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator json, Column column, int row) throws IOException {
        if (column.isNull(row)) {
            json.writeNull();
        } else if (column instanceof Column.Numbers numbers) {
            double value = numbers.values()[row];
            if (!Double.isFinite(value)) {
                json.writeNull();
            } else if (numbers.type() == ColumnType.LONG) {
                json.writeNumber((long) value);
            } else {
                json.writeNumber(value);
            }
        } else {
            json.writeString(column.text(row));
        }
    }

    /** The lower-case media type without parameters; refuses a charset other than UTF-8. */
    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw CairnException.invalidParameter("The request has no Content-Type; /invocations accepts " + JSON
                    + " and " + CSV);
        }
        String[] parts = contentType.split(";");
        if (parts.length == 0 || parts[0].isBlank()) {
            throw CairnException.invalidParameter("The request's Content-Type '" + contentType.strip() + "' names no media type; /invocations accepts "
                    + JSON + " and " + CSV);
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].trim().equalsIgnoreCase("charset")) {
                String charset = parameter[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    throw CairnException.invalidParameter("Unsupported charset '" + charset
                            + "' in Content-Type; /invocations reads only UTF-8");
                }
            }
            // Other parameters (MLflow 1.x's format=pandas-split and the like) no longer change the format.
        }
        return parts[0].trim().toLowerCase(Locale.ROOT);
    }

    private static Frame readCsv(byte[] body) {
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            return CsvFrames.read(reader, "The CSV request body");
        } catch (IOException e) {
            // Reading from a byte array does not fail; this would be a bug.
            throw new UncheckedIOException(e);
        }
    }

    private static Frame readJson(byte[] body, Signature signature) {
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw CairnException.invalidParameter("The request body must be a JSON object with exactly one of the keys "
                    + INPUT_KEYS + ", not " + describe(root));
        }
        String format = null;
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (INPUT_KEYS.contains(name)) {
                if (format != null) {
                    throw CairnException.invalidParameter("The request has both `" + format + "` and `" + name
                            + "`; send exactly one of " + INPUT_KEYS);
                }
                format = name;
            } else if (!name.equals(PARAMS)) {
                throw CairnException.invalidParameter("Unknown key `" + name + "` in the request; expected exactly one of "
                        + INPUT_KEYS + " and optionally `" + PARAMS + "`");
            }
        }
        if (format == null) {
            throw CairnException.invalidParameter("The request has none of the keys " + INPUT_KEYS + "; send exactly one");
        }
        JsonNode data = root.get(format);
        return switch (format) {
            case DATAFRAME_SPLIT -> readSplit(data);
            case DATAFRAME_RECORDS -> readRows(DATAFRAME_RECORDS, data, signature, false);
            case INSTANCES -> readRows(INSTANCES, data, signature, true);
            default -> data.isObject() ? readColumns(data) : readRows(INPUTS, data, signature, true);
        };
    }

    /** One tree parse of the whole body; trailing content after the JSON value is refused. */
    private static JsonNode parse(byte[] body) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonNode root = MAPPER.readTree(parser);
            if (root == null) {
                throw new CairnException(ErrorCode.BAD_REQUEST, "The request body is empty; send a JSON object with exactly one of "
                        + INPUT_KEYS);
            }
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new CairnException(ErrorCode.BAD_REQUEST, "The request body has content after its JSON value, at "
                        + parser.currentLocation().offsetDescription());
            }
            return root;
        } catch (DatabindException e) {
            // The only mapping failure of a tree read is a repeated key (FAIL_ON_READING_DUP_TREE_KEY).
            // Jackson's message goes on to name its own classes and features, which mean nothing to the caller.
            String message = e.getOriginalMessage();
            int internals = message.indexOf(" for `");
            throw CairnException.invalidParameter("The request repeats a key in one JSON object ("
                    + (internals < 0 ? message : message.substring(0, internals))
                    + "); each column and top-level key may appear once per object");
        } catch (JsonProcessingException e) {
            throw MalformedJson.error(e);
        } catch (IOException e) {
            // Reading from a byte array fails only on malformed content, which Jackson reports above.
            throw new CairnException(ErrorCode.BAD_REQUEST, "The request body cannot be read: " + e.getMessage());
        }
    }

    /** {@code {"columns": [...], "data": [[...], ...], "index": [...]}}; without columns, the signature's names. */
    private static Frame readSplit(JsonNode split) {
        if (!split.isObject()) {
            throw CairnException.invalidParameter("`" + DATAFRAME_SPLIT + "` must be an object with `columns` and `data`, not "
                    + describe(split));
        }
        for (Iterator<String> names = split.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SPLIT_KEYS.contains(name)) {
                throw CairnException.invalidParameter("Unknown key `" + name + "` in `" + DATAFRAME_SPLIT
                        + "`; expected `columns`, `data` and optionally `index`");
            }
        }
        JsonNode columns = split.get("columns");
        JsonNode data = split.get("data");
        if (columns == null || !columns.isArray()) {
            throw CairnException.invalidParameter("`" + DATAFRAME_SPLIT + ".columns` must be a list of column names, not "
                    + describe(columns));
        }
        if (data == null || !data.isArray()) {
            throw CairnException.invalidParameter("`" + DATAFRAME_SPLIT + ".data` must be a list of rows, not " + describe(data));
        }
        JsonNode index = split.get("index");
        if (index != null && !index.isArray()) {
            throw CairnException.invalidParameter("`" + DATAFRAME_SPLIT + ".index` must be a list, not " + describe(index));
        }
        List<String> names = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            JsonNode name = columns.get(c);
            if (!name.isTextual()) {
                throw CairnException.invalidParameter("`" + DATAFRAME_SPLIT + ".columns[" + c + "]` must be a string, not "
                        + describe(name));
            }
            names.add(name.textValue());
        }
        return readLists(DATAFRAME_SPLIT + ".data", names, data);
    }

    /** A list of rows: objects (by name), lists (in the signature's order) or, for one input, scalars. */
    private static Frame readRows(String key, JsonNode rows, Signature signature, boolean listsAllowed) {
        if (!rows.isArray()) {
            throw CairnException.invalidParameter("`" + key + "` must be a list of rows, not " + describe(rows));
        }
        checkRowCount(key, rows.size());
        if (rows.isEmpty()) {
            throw CairnException.invalidParameter("`" + key + "` is empty; send at least one row");
        }
        JsonNode first = rows.get(0);
        if (first.isObject() || !listsAllowed) {
            return readRecords(key, rows);
        }
        List<String> inputNames = signature.inputs().stream().map(ColumnSpec::name).toList();
        if (first.isArray()) {
            return readLists(key, inputNames, rows);
        }
        if (inputNames.size() != 1) {
            throw CairnException.invalidParameter("`" + key + "` is a list of single values, which only a model with one input"
                    + " accepts; this model has " + inputNames.size() + " inputs " + inputNames
                    + ", so send each row as a list in that order or as an object");
        }
        ColumnBuilder column = new ColumnBuilder(inputNames.get(0), rows.size());
        for (int row = 0; row < rows.size(); row++) {
            JsonNode value = rows.get(row);
            if (value.isContainerNode()) {
                throw CairnException.invalidParameter("`" + key + "[" + row + "]` is " + describe(value)
                        + ", but `" + key + "[0]` is a single value; send all rows the same way");
            }
            column.set(row, value, key + "[" + row + "]");
        }
        return new Frame(List.of(column.build()));
    }

    /** Rows as objects; a key missing from a row is a missing value, as pandas reads records. */
    private static Frame readRecords(String key, JsonNode rows) {
        Map<String, ColumnBuilder> columns = new LinkedHashMap<>();
        for (int row = 0; row < rows.size(); row++) {
            JsonNode record = rows.get(row);
            if (!record.isObject()) {
                throw CairnException.invalidParameter("`" + key + "[" + row + "]` must be an object of column names to values, not "
                        + describe(record));
            }
            for (Map.Entry<String, JsonNode> field : record.properties()) {
                columns.computeIfAbsent(field.getKey(), name -> new ColumnBuilder(name, rows.size()))
                        .set(row, field.getValue(), key + "[" + row + "]." + field.getKey());
            }
        }
        if (columns.isEmpty()) {
            throw CairnException.invalidParameter("The rows of `" + key + "` have no columns; send at least one column");
        }
        return new Frame(columns.values().stream().map(ColumnBuilder::build).toList());
    }

    /** Rows as lists, matched to {@code names} by position. */
    private static Frame readLists(String key, List<String> names, JsonNode rows) {
        checkRowCount(key, rows.size());
        if (names.isEmpty()) {
            throw CairnException.invalidParameter("`" + key + "` has no columns; send at least one column");
        }
        Map<String, Integer> seen = new HashMap<>();
        ColumnBuilder[] columns = new ColumnBuilder[names.size()];
        for (int c = 0; c < columns.length; c++) {
            Integer previous = seen.put(names.get(c), c);
            if (previous != null) {
                throw CairnException.invalidParameter("Column `" + names.get(c) + "` appears twice in `" + key
                        + "` (positions " + previous + " and " + c + "); column names must be unique");
            }
            columns[c] = new ColumnBuilder(names.get(c), rows.size());
        }
        for (int row = 0; row < rows.size(); row++) {
            JsonNode values = rows.get(row);
            if (!values.isArray()) {
                throw CairnException.invalidParameter("`" + key + "[" + row + "]` must be a list of " + names.size()
                        + " values " + names + ", not " + describe(values));
            }
            if (values.size() != names.size()) {
                throw CairnException.invalidParameter("`" + key + "[" + row + "]` has " + values.size() + " values, but there are "
                        + names.size() + " columns " + names);
            }
            for (int c = 0; c < columns.length; c++) {
                columns[c].set(row, values.get(c), key + "[" + row + "][" + c + "] (column `" + names.get(c) + "`)");
            }
        }
        List<Column> built = new ArrayList<>(columns.length);
        for (ColumnBuilder column : columns) {
            built.add(column.build());
        }
        return new Frame(built);
    }

    /** {@code {"col": [values...], ...}}: TensorFlow Serving's columnar form of {@code inputs}. */
    private static Frame readColumns(JsonNode object) {
        int rows = -1;
        String firstName = null;
        List<Column> columns = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String name = field.getKey();
            JsonNode values = field.getValue();
            String key = INPUTS + "." + name;
            if (!values.isArray()) {
                throw CairnException.invalidParameter("`" + key + "` must be a list of the column's values, not " + describe(values));
            }
            checkRowCount(key, values.size());
            if (rows >= 0 && values.size() != rows) {
                throw CairnException.invalidParameter("`" + key + "` has " + values.size() + " values, but `" + INPUTS + "."
                        + firstName + "` has " + rows + "; every column needs one value per row");
            }
            rows = values.size();
            firstName = name;
            ColumnBuilder column = new ColumnBuilder(name, rows);
            for (int row = 0; row < rows; row++) {
                column.set(row, values.get(row), key + "[" + row + "]");
            }
            columns.add(column.build());
        }
        if (columns.isEmpty()) {
            throw CairnException.invalidParameter("`" + INPUTS + "` is an empty object; send at least one column");
        }
        return new Frame(columns);
    }

    /** Checked before any column is built, so an oversized request costs no column arrays. */
    private static void checkRowCount(String key, int rows) {
        if (rows > MAX_ROWS) {
            throw CairnException.invalidParameter("`" + key + "` has " + rows + " rows; at most " + MAX_ROWS
                    + " are allowed per request, so split it into smaller batches");
        }
    }

    /** A JSON value's kind, for messages. */
    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNull()) {
            return "null";
        }
        String text = node.isTextual() ? '"' + node.textValue() + '"' : node.asText();
        return (node.isTextual() ? "the string " : node.isBoolean() ? "the boolean " : "the number ")
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    /**
     * Collects one column's JSON values (references into the parsed tree, so nothing is copied
     * until the type is known) and builds a numeric column, or a text column if any value is a
     * string.
     */
    private static final class ColumnBuilder {
        private final String name;
        private final JsonNode[] values;
        private boolean anyText;
        private boolean allWhole = true;

        ColumnBuilder(String name, int rows) {
            this.name = name;
            this.values = new JsonNode[rows];
        }

        void set(int row, JsonNode value, String where) {
            if (value.isContainerNode()) {
                throw CairnException.invalidParameter("`" + where + "` is " + describe(value)
                        + "; values must be numbers, strings, booleans or null");
            }
            if (value.isNull()) {
                return;
            }
            values[row] = value;
            if (value.isTextual()) {
                anyText = true;
            } else if (value.isNumber()) {
                allWhole &= value.isIntegralNumber() && value.canConvertToLong();
            }
        }

        Column build() {
            return anyText ? strings() : numbers();
        }

        private Column strings() {
            String[] text = new String[values.length];
            for (int row = 0; row < values.length; row++) {
                JsonNode value = values[row];
                if (value != null && !(value.isNumber() && Double.isNaN(value.doubleValue()))) {
                    text[row] = value.asText();
                }
            }
            return new Column.Strings(name, text);
        }

        private Column numbers() {
            double[] numbers = new double[values.length];
            boolean[] nulls = new boolean[values.length];
            for (int row = 0; row < values.length; row++) {
                JsonNode value = values[row];
                if (value == null) {
                    nulls[row] = true;
                } else if (value.isBoolean()) {
                    numbers[row] = value.booleanValue() ? 1 : 0;
                } else {
                    numbers[row] = value.doubleValue();
                    // pandas reads NaN as a missing value; so does Cairn.
                    nulls[row] = Double.isNaN(numbers[row]);
                }
            }
            return new Column.Numbers(name, allWhole ? ColumnType.LONG : ColumnType.DOUBLE, numbers, nulls);
        }
    }
}
