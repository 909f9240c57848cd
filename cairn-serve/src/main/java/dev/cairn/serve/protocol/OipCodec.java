package dev.cairn.serve.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.error.MalformedJson;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.model.signature.Signature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The REST form of the Open Inference Protocol v2 (KServe, Triton and MLServer's "V2 inference
 * protocol") to and from a {@link Frame}.
 *
 * <p>A request carries its inputs either as one tensor per signature input, matched by name, of
 * shape {@code [N]} or {@code [N, 1]}; or as one tensor of shape {@code [N, C]}, whatever its name,
 * whose C columns are the signature's inputs in order (as KServe's sklearn server takes them).
 * Every problem with a request is a {@link CairnException} whose message names the tensor and
 * what was expected; the frame is not conformed to the signature here, the model does that.
 *
 * <p>A request is read in one pass of a streaming parser, its elements going straight into
 * primitive arrays, when it is in the form clients send: each tensor's {@code shape} and
 * {@code datatype} before its {@code data}, no field twice, and nothing wrong with it. Any other
 * request is parsed into a tree and read from that, since a tensor's {@code data} may come before
 * its {@code datatype} and {@code shape}; the tree reader also finds and words every problem, so a
 * rejected request gets the same answer whichever order its fields come in.
 */
public final class OipCodec {
    /** The most rows (the first dimension of the input tensors) one request may carry. */
    public static final int MAX_ROWS = 100_000;

    /** The one mapper of this wire format; the fast double parser and writer give the same values. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    /** Reads a value inside a request, such as its parameters: the request goes on after it. */
    private static final ObjectReader INNER_VALUE = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Long names and values are cut in messages, so an error never echoes a whole request. */
    private static final int MAX_QUOTED_LENGTH = 80;

    /** The most input-name problems one message lists; a request of many wrong names gets a short answer. */
    private static final int MAX_PROBLEMS = 20;

    private static final int MAX_INITIAL_BUFFER = 1 << 20;

    private OipCodec() {
    }

    /**
     * Reads an infer request ({@code {"id", "parameters", "inputs": [{"name", "shape",
     * "datatype", "data"}], "outputs"}}) into columns named after the signature's inputs, in the
     * signature's order.
     *
     * <p>BOOL and the integer datatypes give LONG columns, the FP datatypes DOUBLE columns and
     * BYTES text columns; a JSON {@code null} element is a missing value. A frame keeps numbers as
     * doubles, so INT64 and UINT64 values beyond 2<sup>53</sup> are kept to the nearest double, and
     * FP16 and FP32 values are kept at the precision the JSON gave. The request's {@code outputs}
     * (the outputs a caller asks for) is checked to be an array and otherwise not used: every
     * response carries all of the model's outputs.
     *
     * @throws CairnException {@link ErrorCode#BAD_REQUEST} if the body is not JSON, and
     *         {@link ErrorCode#INVALID_PARAMETER_VALUE} for any other problem with the request
     */
    public static InferenceRequest readRequest(byte[] body, Signature signature) {
        requireNonNull(body, "body is null");
        requireNonNull(signature, "signature is null");
        return readStreaming(body, signature).orElseGet(() -> readTree(body, signature));
    }

    /**
     * The request read in one streaming pass, or empty if it is not in the usual form or has any
     * problem (then {@link #readTree} reads it, or says what is wrong with it).
     */
    static Optional<InferenceRequest> readStreaming(byte[] body, Signature signature) {
        try (JsonParser parser = MAPPER.createParser(body)) {
            return Optional.of(new StreamingReader(parser, signature.inputs()).read());
        } catch (IOException | NotStreamable e) {
            return Optional.empty();
        }
    }

    /** The request parsed into a tree and read from that: any field order, and a message for every problem. */
    static InferenceRequest readTree(byte[] body, Signature signature) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw MalformedJson.error(e);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.BAD_REQUEST, "The request body could not be read", e);
        }
        if (root == null || !root.isObject()) {
            throw CairnException.invalidParameter("The request body must be a JSON object with `inputs`, not "
                    + describe(root));
        }
        Optional<String> id = readId(root.get("id"));
        ObjectNode parameters = readParameters(root.get("parameters"), "The request's `parameters`");
        JsonNode outputs = root.get("outputs");
        if (outputs != null && !outputs.isNull() && !outputs.isArray()) {
            throw CairnException.invalidParameter("The request's `outputs` must be an array, not " + describe(outputs));
        }
        Map<String, Tensor> tensors = readTensors(root.get("inputs"));
        return new InferenceRequest(id, toFrame(tensors, signature), parameters);
    }

    /**
     * Writes an infer response: {@code {"model_name", "model_version", "id" (if given),
     * "parameters", "outputs": [{"name", "shape": [N], "datatype", "data"}]}}, one tensor per
     * column. DOUBLE columns are FP64, LONG columns INT64 and text columns BYTES; a missing value
     * and a non-finite number (which JSON cannot hold) are written as {@code null}.
     *
     * @throws CairnException {@link ErrorCode#INTERNAL_ERROR} if a parameter value cannot be written as JSON
     */
    public static byte[] writeResponse(String modelName, String modelVersion, Optional<String> id, Frame outputs,
                                       Map<String, Object> parameters) {
        requireNonNull(modelName, "modelName is null");
        requireNonNull(modelVersion, "modelVersion is null");
        requireNonNull(id, "id is null");
        requireNonNull(outputs, "outputs is null");
        requireNonNull(parameters, "parameters is null");
        // About 12 bytes a value, so a typical response is written without the buffer growing;
        // capped, so a huge frame grows the buffer instead of reserving it all at once.
        long estimate = 256 + 12L * outputs.rowCount() * outputs.columns().size();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(estimate, MAX_INITIAL_BUFFER));
        try (JsonGenerator generator = MAPPER.createGenerator(buffer)) {
            generator.writeStartObject();
            generator.writeStringField("model_name", modelName);
            generator.writeStringField("model_version", modelVersion);
            if (id.isPresent()) {
                generator.writeStringField("id", id.get());
            }
            generator.writeObjectFieldStart("parameters");
            for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
                generator.writeFieldName(parameter.getKey());
                writeParameterValue(generator, parameter.getValue());
            }
            generator.writeEndObject();
            generator.writeArrayFieldStart("outputs");
            for (Column column : outputs.columns()) {
                writeColumn(generator, column);
            }
            generator.writeEndArray();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "Could not write the inference response: " + e.getMessage(), e);
        }
        return buffer.toByteArray();
    }

    /**
     * The model metadata response: {@code {"name", "versions", "platform", "inputs", "outputs"}},
     * each signature column a tensor of shape {@code [-1]} (any number of rows).
     */
    public static ObjectNode modelMetadata(String name, List<String> versions, String platform, Signature signature) {
        requireNonNull(name, "name is null");
        requireNonNull(versions, "versions is null");
        requireNonNull(platform, "platform is null");
        requireNonNull(signature, "signature is null");
        ObjectNode metadata = MAPPER.createObjectNode();
        metadata.put("name", name);
        ArrayNode versionArray = metadata.putArray("versions");
        versions.forEach(versionArray::add);
        metadata.put("platform", platform);
        writeTensorMetadata(metadata.putArray("inputs"), signature.inputs());
        writeTensorMetadata(metadata.putArray("outputs"), signature.outputs());
        return metadata;
    }

    private static Optional<String> readId(JsonNode id) {
        if (id == null || id.isNull()) {
            return Optional.empty();
        }
        if (!id.isTextual()) {
            throw CairnException.invalidParameter("The request's `id` must be a string, not " + describe(id));
        }
        return Optional.of(id.textValue());
    }

    private static ObjectNode readParameters(JsonNode parameters, String what) {
        if (parameters == null || parameters.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (!parameters.isObject()) {
            throw CairnException.invalidParameter(what + " must be an object, not " + describe(parameters));
        }
        return (ObjectNode) parameters;
    }

    /** The input tensors by name, in the request's order. */
    private static Map<String, Tensor> readTensors(JsonNode inputs) {
        if (inputs == null || inputs.isNull()) {
            throw CairnException.invalidParameter("The request has no `inputs`: send an array of tensors,"
                    + " each {\"name\", \"shape\", \"datatype\", \"data\"}");
        }
        if (!inputs.isArray()) {
            throw CairnException.invalidParameter("The request's `inputs` must be an array of tensors, not " + describe(inputs));
        }
        if (inputs.isEmpty()) {
            throw CairnException.invalidParameter("The request's `inputs` is empty: send at least one tensor");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int position = 0; position < inputs.size(); position++) {
            Tensor tensor = readTensor(inputs.get(position), position);
            if (tensors.put(tensor.name(), tensor) != null) {
                throw CairnException.invalidParameter(tensor.label() + " appears twice in `inputs`");
            }
        }
        return tensors;
    }

    private static Tensor readTensor(JsonNode node, int position) {
        if (!node.isObject()) {
            throw CairnException.invalidParameter("inputs[" + position + "] must be a tensor object"
                    + " {\"name\", \"shape\", \"datatype\", \"data\"}, not " + describe(node));
        }
        JsonNode nameNode = node.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.textValue().isEmpty()) {
            throw CairnException.invalidParameter("inputs[" + position + "] needs a `name` that is a non-empty string, not "
                    + describe(nameNode));
        }
        String name = nameNode.textValue();
        String label = "Input tensor " + quote(name);
        long[] shape = readShape(node.get("shape"), label);
        Datatype datatype = Datatype.read(node.get("datatype"), label);
        JsonNode data = node.get("data");
        if (data == null || !data.isArray()) {
            throw CairnException.invalidParameter(label + " needs `data`, an array of its elements (flat in row-major"
                    + " order or nested), not " + describe(data));
        }
        // Checked only: no tensor parameter (such as content_type) changes how Cairn reads the data.
        readParameters(node.get("parameters"), label + "'s `parameters`");
        return new Tensor(name, label, shape, datatype, data);
    }

    private static long[] readShape(JsonNode node, String label) {
        if (node == null || !node.isArray()) {
            throw CairnException.invalidParameter(label + " needs a `shape`, an array of whole numbers such as [N] or"
                    + " [N, C], not " + describe(node));
        }
        if (node.size() < 1 || node.size() > 2) {
            throw CairnException.invalidParameter(label + " has shape " + cut(node.toString()) + " of rank " + node.size()
                    + "; Cairn takes rank 1 or 2: [N] or [N, 1] per input, or [N, C] for all inputs at once");
        }
        long[] shape = new long[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode dimension = node.get(i);
            if (!dimension.isIntegralNumber() || !dimension.canConvertToLong() || dimension.longValue() < 0) {
                throw CairnException.invalidParameter(label + "'s shape must hold whole numbers of zero or more, but"
                        + " dimension " + i + " is " + describe(dimension));
            }
            shape[i] = dimension.longValue();
        }
        try {
            long elements = 1;
            for (long dimension : shape) {
                elements = Math.multiplyExact(elements, dimension);
            }
        } catch (ArithmeticException e) {
            throw CairnException.invalidParameter(label + " has shape " + Arrays.toString(shape)
                    + ", which holds more elements than a request can carry");
        }
        if (shape[0] > MAX_ROWS) {
            throw CairnException.invalidParameter(label + " has " + shape[0] + " rows; a request may carry at most "
                    + MAX_ROWS + ": split it into smaller batches");
        }
        return shape;
    }

    private static Frame toFrame(Map<String, Tensor> tensors, Signature signature) {
        List<ColumnSpec> specs = signature.inputs();
        int width = specs.size();
        if (tensors.size() == 1) {
            Tensor tensor = tensors.values().iterator().next();
            boolean named = specs.stream().anyMatch(spec -> spec.name().equals(tensor.name()));
            if (tensor.shape().length == 2 && tensor.shape()[1] == width && (width > 1 || !named)) {
                return new Frame(new Decoder(tensor, specs).decode());
            }
            if (tensor.shape().length == 2 && tensor.shape()[1] != 1) {
                throw CairnException.invalidParameter(tensor.label() + " has shape " + Arrays.toString(tensor.shape())
                        + ", but the model takes " + width + " input" + (width == 1 ? "" : "s") + " (" + expected(specs)
                        + "): send one tensor of shape [N, " + width + "] with its columns in that order,"
                        + " or one tensor of shape [N] per input");
            }
        }
        return new Frame(byName(tensors, specs));
    }

    /** Layout (a): one tensor per signature input, matched by name; columns in the signature's order. */
    private static List<Column> byName(Map<String, Tensor> byName, List<ColumnSpec> specs) {
        List<String> problems = new ArrayList<>();
        int matched = 0;
        for (ColumnSpec spec : specs) {
            if (byName.containsKey(spec.name())) {
                matched++;
            } else {
                problems.add("missing input " + quote(spec.name()));
            }
        }
        if (matched < byName.size()) {
            // Only on this error path is it worth a set of the signature's names.
            Set<String> expected = specs.stream().map(ColumnSpec::name).collect(Collectors.toSet());
            List<String> unknown = new ArrayList<>();
            for (String name : byName.keySet()) {
                if (!expected.contains(name)) {
                    unknown.add("unknown input " + quote(name));
                }
            }
            problems.addAll(0, unknown);
        }
        if (!problems.isEmpty()) {
            String listed = problems.size() <= MAX_PROBLEMS ? String.join("; ", problems)
                    : String.join("; ", problems.subList(0, MAX_PROBLEMS)) + "; and " + (problems.size() - MAX_PROBLEMS) + " more";
            throw CairnException.invalidParameter("The input tensors do not match the model: " + listed
                    + ". The model takes one tensor of shape [N] per input: " + expected(specs)
                    + (specs.size() > 1 ? "; or one tensor of shape [N, " + specs.size() + "] with the inputs in that order" : ""));
        }
        Tensor first = byName.get(specs.get(0).name());
        List<Column> columns = new ArrayList<>(specs.size());
        for (ColumnSpec spec : specs) {
            Tensor tensor = byName.get(spec.name());
            long[] shape = tensor.shape();
            if (shape.length == 2 && shape[1] != 1) {
                throw CairnException.invalidParameter(tensor.label() + " has shape " + Arrays.toString(shape)
                        + "; a tensor per input must have shape [N] or [N, 1]");
            }
            if (shape[0] != first.shape()[0]) {
                throw CairnException.invalidParameter(tensor.label() + " has " + shape[0] + " rows, but input tensor "
                        + quote(first.name()) + " has " + first.shape()[0] + ": every input needs the same number of rows");
            }
            columns.addAll(new Decoder(tensor, List.of(spec)).decode());
        }
        return columns;
    }

    /** What the model takes, as "`a` (FP64), `b` (INT64)", for messages. */
    private static String expected(List<ColumnSpec> specs) {
        return specs.stream().map(spec -> quote(spec.name()) + " (" + datatypeOf(spec.type()) + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * Writes strings, whole numbers, doubles, booleans and lists of them with the generator's own
     * calls, as the mapper would write them; anything else through the mapper. The mapper's
     * serializer lookups for a map of a list and two strings showed in serving profiles.
     */
    private static void writeParameterValue(JsonGenerator generator, Object value) throws IOException {
        if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object element : list) {
                writeParameterValue(generator, element);
            }
            generator.writeEndArray();
        } else if (value instanceof Integer || value instanceof Long) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double number) {
            generator.writeNumber(number);
        } else if (value instanceof Boolean flag) {
            generator.writeBoolean(flag);
        } else {
            generator.writeObject(value);
        }
    }

    private static void writeColumn(JsonGenerator generator, Column column) throws IOException {
        int rows = column.size();
        generator.writeStartObject();
        generator.writeStringField("name", column.name());
        generator.writeArrayFieldStart("shape");
        generator.writeNumber(rows);
        generator.writeEndArray();
        generator.writeStringField("datatype", datatypeOf(column.type()));
        generator.writeArrayFieldStart("data");
        if (column instanceof Column.Numbers numbers) {
            double[] values = numbers.values();
            boolean[] nulls = numbers.nulls();
            boolean whole = numbers.type() == ColumnType.LONG;
            for (int row = 0; row < rows; row++) {
                double value = values[row];
                if (nulls[row] || !Double.isFinite(value)) {
                    generator.writeNull();
                } else if (whole) {
                    generator.writeNumber((long) value);
                } else {
                    generator.writeNumber(value);
                }
            }
        } else {
            for (String value : ((Column.Strings) column).values()) {
                if (value == null) {
                    generator.writeNull();
                } else {
                    generator.writeString(value);
                }
            }
        }
        generator.writeEndArray();
        generator.writeEndObject();
    }

    private static void writeTensorMetadata(ArrayNode tensors, List<ColumnSpec> specs) {
        for (ColumnSpec spec : specs) {
            ObjectNode tensor = tensors.addObject();
            tensor.put("name", spec.name());
            tensor.put("datatype", datatypeOf(spec.type()));
            tensor.putArray("shape").add(-1);
        }
    }

    private static String datatypeOf(ColumnType type) {
        return switch (type) {
            case DOUBLE -> "FP64";
            case LONG -> "INT64";
            case STRING -> "BYTES";
        };
    }

    /** A JSON value as a message shows it: its kind and, for scalars, the value (cut if long). */
    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case STRING -> "the string " + quote(node.textValue());
            case NUMBER -> cut(node.asText());
            case BOOLEAN -> "the boolean " + node.booleanValue();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " value";
        };
    }

    private static String quote(String text) {
        return "`" + cut(String.valueOf(text)) + "`";
    }

    private static String cut(String text) {
        return text.length() <= MAX_QUOTED_LENGTH ? text : text.substring(0, MAX_QUOTED_LENGTH) + "...";
    }

    /** One input tensor as the request gave it; {@code label} names it in messages. */
    private record Tensor(String name, String label, long[] shape, Datatype datatype, JsonNode data) {
    }

    /** The Open Inference Protocol's tensor datatypes, with the elements each accepts. */
    private enum Datatype {
        BOOL(Kind.BOOLEAN, 0, 1, 0),
        INT8(Kind.INTEGER, Byte.MIN_VALUE, Byte.MAX_VALUE, 0x1p7),
        INT16(Kind.INTEGER, Short.MIN_VALUE, Short.MAX_VALUE, 0x1p15),
        INT32(Kind.INTEGER, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x1p31),
        INT64(Kind.INTEGER, Long.MIN_VALUE, Long.MAX_VALUE, 0x1p63),
        UINT8(Kind.INTEGER, 0, 255, 0x1p8),
        UINT16(Kind.INTEGER, 0, 65_535, 0x1p16),
        UINT32(Kind.INTEGER, 0, 4_294_967_295L, 0x1p32),
        // UINT64's top half exceeds a long: such values arrive as big integers (see accepts).
        UINT64(Kind.INTEGER, 0, Long.MAX_VALUE, 0x1p64),
        FP16(Kind.FLOAT, 0, 0, 65_504),
        FP32(Kind.FLOAT, 0, 0, Float.MAX_VALUE),
        FP64(Kind.FLOAT, 0, 0, Double.MAX_VALUE),
        BYTES(Kind.TEXT, 0, 0, 0);

        private enum Kind { BOOLEAN, INTEGER, FLOAT, TEXT }

        private static final String NAMES = Arrays.toString(values());

        private final Kind kind;
        private final long min;
        private final long max;
        /** For integers, the first value above the range as a double; for floats, the largest magnitude. */
        private final double limit;

        Datatype(Kind kind, long min, long max, double limit) {
            this.kind = kind;
            this.min = min;
            this.max = max;
            this.limit = limit;
        }

        static Datatype read(JsonNode node, String label) {
            if (node == null || !node.isTextual()) {
                throw CairnException.invalidParameter(label + " needs a `datatype`, one of " + NAMES + ", not " + describe(node));
            }
            return named(node.textValue()).orElseThrow(() -> CairnException.invalidParameter(label + " has datatype "
                    + quote(node.textValue()) + ", which is not an Open Inference Protocol datatype; use one of " + NAMES));
        }

        /** The datatype of a name; a loop over the names, not valueOf, so an unknown name costs no exception inside. */
        static Optional<Datatype> named(String name) {
            for (Datatype datatype : values()) {
                if (datatype.name().equals(name)) {
                    return Optional.of(datatype);
                }
            }
            return Optional.empty();
        }

        ColumnType columnType() {
            return switch (kind) {
                case BOOLEAN, INTEGER -> ColumnType.LONG;
                case FLOAT -> ColumnType.DOUBLE;
                case TEXT -> ColumnType.STRING;
            };
        }

        /** What an element of this datatype must be, for messages. */
        String expectation() {
            return switch (kind) {
                case BOOLEAN -> "true or false";
                case INTEGER -> "a whole number from " + min + " to " + (this == UINT64 ? "18446744073709551615" : max);
                case FLOAT -> this == FP64 ? "a finite number" : "a number of magnitude at most " + (float) limit;
                case TEXT -> "a string";
            };
        }

        /**
         * The value of a numeric element, or NaN if the element is not one of this datatype
         * (no element accepted here is NaN: JSON cannot hold it).
         */
        double numberOf(JsonNode element) {
            if (element.isBoolean()) {
                return ofBoolean(element.booleanValue());
            }
            if (element.isIntegralNumber()) {
                return element.canConvertToLong() ? ofLong(element.longValue()) : ofBigInteger(element.bigIntegerValue());
            }
            return element.isNumber() ? ofDouble(element.doubleValue()) : Double.NaN;
        }

        /** The value of a JSON boolean element, or NaN if this datatype does not take one. */
        double ofBoolean(boolean element) {
            return kind == Kind.BOOLEAN ? (element ? 1 : 0) : Double.NaN;
        }

        /** The value of a JSON whole number that fits a long, or NaN if this datatype does not take it. */
        double ofLong(long element) {
            return switch (kind) {
                case INTEGER -> element >= min && element <= max ? element : Double.NaN;
                case FLOAT -> Math.abs((double) element) <= limit ? element : Double.NaN;
                default -> Double.NaN;
            };
        }

        /** The value of a JSON whole number beyond a long, or NaN if this datatype does not take it. */
        double ofBigInteger(BigInteger element) {
            return switch (kind) {
                case INTEGER -> this == UINT64 && element.signum() >= 0 && element.bitLength() <= 64 ? element.doubleValue() : Double.NaN;
                case FLOAT -> ofDouble(element.doubleValue());
                default -> Double.NaN;
            };
        }

        /** The value of a JSON number with a fraction or exponent, or NaN if this datatype does not take it. */
        double ofDouble(double element) {
            return switch (kind) {
                case INTEGER -> element == Math.rint(element) && element >= min && element < limit ? element : Double.NaN;
                case FLOAT -> Math.abs(element) <= limit ? element : Double.NaN;
                default -> Double.NaN;
            };
        }
    }

    /**
     * Copies one tensor's elements into columns: a per-input tensor fills one column, an
     * {@code [N, C]} tensor fills C columns, element i going to row i / C and column i % C.
     */
    private static final class Decoder {
        private final Tensor tensor;
        private final List<ColumnSpec> specs;
        private final int width;
        private final int rows;
        private final long expectedCount;
        private final double[][] numbers;
        private final boolean[][] nulls;
        private final String[][] strings;
        private long count;

        Decoder(Tensor tensor, List<ColumnSpec> specs) {
            this.tensor = tensor;
            this.specs = specs;
            this.width = specs.size();
            // readShape capped the first dimension at MAX_ROWS and proved the product fits a long.
            this.rows = (int) tensor.shape()[0];
            this.expectedCount = (long) rows * width;
            boolean text = tensor.datatype().columnType() == ColumnType.STRING;
            this.numbers = text ? null : new double[width][rows];
            this.nulls = text ? null : new boolean[width][rows];
            this.strings = text ? new String[width][rows] : null;
        }

        List<Column> decode() {
            walk(tensor.data());
            if (count != expectedCount) {
                throw CairnException.invalidParameter(tensor.label() + " has shape " + Arrays.toString(tensor.shape())
                        + ", so " + expectedCount + " element" + (expectedCount == 1 ? "" : "s") + ", but its `data` holds "
                        + count);
            }
            List<Column> columns = new ArrayList<>(width);
            ColumnType type = tensor.datatype().columnType();
            for (int column = 0; column < width; column++) {
                String name = specs.get(column).name();
                columns.add(type == ColumnType.STRING
                        ? new Column.Strings(name, strings[column])
                        : new Column.Numbers(name, type, numbers[column], nulls[column]));
            }
            return columns;
        }

        /** Flattens nested arrays; Jackson's nesting limit bounds the recursion. */
        private void walk(JsonNode node) {
            if (node.isArray()) {
                for (int i = 0, size = node.size(); i < size; i++) {
                    walk(node.get(i));
                }
                return;
            }
            long index = count++;
            if (index < expectedCount) {
                store((int) (index / width), (int) (index % width), node);
            }
        }

        private void store(int row, int column, JsonNode element) {
            Datatype datatype = tensor.datatype();
            if (element.isNull()) {
                if (strings == null) {
                    nulls[column][row] = true;
                }
                return;
            }
            if (strings != null) {
                if (!element.isTextual()) {
                    throw mismatch(row, column, element);
                }
                strings[column][row] = element.textValue();
                return;
            }
            double value = datatype.numberOf(element);
            if (Double.isNaN(value)) {
                throw mismatch(row, column, element);
            }
            numbers[column][row] = value;
        }

        private CairnException mismatch(int row, int column, JsonNode element) {
            String where = width == 1 ? "element " + row : "row " + row + ", column " + quote(specs.get(column).name());
            return CairnException.invalidParameter(tensor.label() + " (" + tensor.datatype() + "): " + where + " is "
                    + describe(element) + ", not " + tensor.datatype().expectation());
        }
    }

    /**
     * Thrown inside {@link StreamingReader} for a request it does not take in one pass; only ever
     * caught by {@link #readStreaming}. One shared instance without a stack trace, so bailing out is cheap.
     */
    private static final class NotStreamable extends RuntimeException {
        private static final NotStreamable INSTANCE = new NotStreamable();

        private NotStreamable() {
            super("not readable in one streaming pass", null, false, false);
        }
    }

    /**
     * One pass over a request with a streaming parser, the tensors' elements decoded into column
     * arrays as they are read. It takes what the tree reader takes and reads it to the same frame;
     * on anything else it throws {@link NotStreamable} and leaves the request to the tree reader.
     */
    private static final class StreamingReader {
        private final JsonParser parser;
        private final List<ColumnSpec> specs;
        private final Map<String, Block> tensors = new HashMap<>();

        StreamingReader(JsonParser parser, List<ColumnSpec> specs) {
            this.parser = parser;
            this.specs = specs;
        }

        InferenceRequest read() throws IOException {
            expect(parser.nextToken() == JsonToken.START_OBJECT);
            Optional<String> id = Optional.empty();
            Optional<ObjectNode> parameters = Optional.empty();
            boolean sawId = false;
            boolean sawOutputs = false;
            boolean sawInputs = false;
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> {
                        expect(!sawId && (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL));
                        sawId = true;
                        id = value == JsonToken.VALUE_STRING ? Optional.of(parser.getText()) : Optional.empty();
                    }
                    case "parameters" -> {
                        expect(parameters.isEmpty() && value == JsonToken.START_OBJECT);
                        parameters = Optional.of((ObjectNode) INNER_VALUE.readTree(parser));
                    }
                    case "outputs" -> {
                        expect(!sawOutputs && (value == JsonToken.START_ARRAY || value == JsonToken.VALUE_NULL));
                        sawOutputs = true;
                        parser.skipChildren();
                    }
                    case "inputs" -> {
                        expect(!sawInputs && value == JsonToken.START_ARRAY);
                        sawInputs = true;
                        readInputs();
                    }
                    default -> parser.skipChildren();
                }
            }
            // The tree reader fails on content after the object; so does this pass, at the parser or here.
            expect(sawInputs && parser.nextToken() == null);
            return new InferenceRequest(id, new Frame(columns()), parameters.orElseGet(MAPPER::createObjectNode));
        }

        private void readInputs() throws IOException {
            expect(parser.nextToken() == JsonToken.START_OBJECT);
            do {
                readTensor();
            } while (parser.nextToken() == JsonToken.START_OBJECT);
            expect(parser.currentToken() == JsonToken.END_ARRAY);
        }

        private void readTensor() throws IOException {
            Optional<String> name = Optional.empty();
            Optional<long[]> shape = Optional.empty();
            Optional<Datatype> datatype = Optional.empty();
            Optional<Block> block = Optional.empty();
            boolean sawParameters = false;
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "name" -> {
                        expect(name.isEmpty() && value == JsonToken.VALUE_STRING && parser.getTextLength() > 0);
                        name = Optional.of(parser.getText());
                    }
                    case "shape" -> {
                        expect(shape.isEmpty() && value == JsonToken.START_ARRAY);
                        shape = Optional.of(readShape());
                    }
                    case "datatype" -> {
                        expect(datatype.isEmpty() && value == JsonToken.VALUE_STRING);
                        datatype = Datatype.named(parser.getText());
                        expect(datatype.isPresent());
                    }
                    case "data" -> {
                        // Data before its shape and datatype has nowhere to go yet: the tree reader takes it.
                        expect(block.isEmpty() && shape.isPresent() && datatype.isPresent() && value == JsonToken.START_ARRAY);
                        block = Optional.of(readData(shape.get(), datatype.get()));
                    }
                    case "parameters" -> {
                        expect(!sawParameters && (value == JsonToken.START_OBJECT || value == JsonToken.VALUE_NULL));
                        sawParameters = true;
                        parser.skipChildren();
                    }
                    default -> parser.skipChildren();
                }
            }
            expect(name.isPresent() && block.isPresent() && tensors.put(name.get(), block.get()) == null);
        }

        /** A shape of rank 1 or 2 whose columns, if any, are 1 or the model's inputs: the only ones a request may have. */
        private long[] readShape() throws IOException {
            long[] dimensions = new long[2];
            int rank = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                expect(rank < 2 && token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
                dimensions[rank] = parser.getLongValue();
                expect(dimensions[rank] >= 0);
                rank++;
            }
            expect(rank > 0 && dimensions[0] <= MAX_ROWS && (rank == 1 || dimensions[1] == 1 || dimensions[1] == specs.size()));
            return Arrays.copyOf(dimensions, rank);
        }

        /** The elements of one tensor's {@code data}, flat or nested to any depth, element i at row i / C, column i % C. */
        private Block readData(long[] shape, Datatype datatype) throws IOException {
            Block block = new Block(datatype, (int) shape[0], shape.length == 2 ? (int) shape[1] : 1, shape.length == 2);
            long expected = (long) block.rows * block.width;
            long count = 0;
            // A loop with a depth count, not recursion: the parser's nesting limit bounds the depth.
            for (int depth = 1; depth > 0; ) {
                JsonToken token = parser.nextToken();
                if (token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_ARRAY) {
                    depth--;
                } else {
                    expect(count < expected);
                    store(block, (int) (count / block.width), (int) (count % block.width), token);
                    count++;
                }
            }
            expect(count == expected);
            return block;
        }

        private void store(Block block, int row, int column, JsonToken token) throws IOException {
            if (token == JsonToken.VALUE_NULL) {
                if (!block.text) {
                    block.nulls[column][row] = true;
                }
                return;
            }
            if (block.text) {
                expect(token == JsonToken.VALUE_STRING);
                block.strings[column][row] = parser.getText();
                return;
            }
            Datatype datatype = block.datatype;
            double value = switch (token) {
                case VALUE_TRUE -> datatype.ofBoolean(true);
                case VALUE_FALSE -> datatype.ofBoolean(false);
                case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? datatype.ofBigInteger(parser.getBigIntegerValue()) : datatype.ofLong(parser.getLongValue());
                case VALUE_NUMBER_FLOAT -> datatype.ofDouble(parser.getDoubleValue());
                default -> Double.NaN;
            };
            expect(!Double.isNaN(value));
            block.numbers[column][row] = value;
        }

        /** The columns in the signature's order, laid out as {@code toFrame} lays out the tree reader's tensors. */
        private List<Column> columns() {
            int width = specs.size();
            if (tensors.size() == 1) {
                Map.Entry<String, Block> only = tensors.entrySet().iterator().next();
                Block block = only.getValue();
                boolean named = specs.stream().anyMatch(spec -> spec.name().equals(only.getKey()));
                if (block.matrix && block.width == width && (width > 1 || !named)) {
                    List<Column> columns = new ArrayList<>(width);
                    for (int column = 0; column < width; column++) {
                        columns.add(block.column(column, specs.get(column).name()));
                    }
                    return columns;
                }
            }
            expect(tensors.size() == width);
            List<Column> columns = new ArrayList<>(width);
            int rows = -1;
            for (ColumnSpec spec : specs) {
                Block block = tensors.get(spec.name());
                expect(block != null && block.width == 1 && (rows < 0 || block.rows == rows));
                rows = block.rows;
                columns.add(block.column(0, spec.name()));
            }
            return columns;
        }

        private static void expect(boolean condition) {
            if (!condition) {
                throw NotStreamable.INSTANCE;
            }
        }
    }

    /**
     * One tensor's decoded elements: {@code width} columns of {@code rows} values, numbers with
     * their missing-value flags, or text (a missing value is {@code null} there, as in a
     * {@link Column.Strings}). The arrays of the other kind are empty. {@code matrix}: the shape
     * was {@code [N, C]}, not {@code [N]}.
     */
    private static final class Block {
        private static final double[][] NO_NUMBERS = new double[0][];
        private static final boolean[][] NO_NULLS = new boolean[0][];
        private static final String[][] NO_STRINGS = new String[0][];

        private final Datatype datatype;
        private final int rows;
        private final int width;
        private final boolean matrix;
        private final boolean text;
        private final double[][] numbers;
        private final boolean[][] nulls;
        private final String[][] strings;

        Block(Datatype datatype, int rows, int width, boolean matrix) {
            this.datatype = datatype;
            this.rows = rows;
            this.width = width;
            this.matrix = matrix;
            this.text = datatype.columnType() == ColumnType.STRING;
            this.numbers = text ? NO_NUMBERS : new double[width][rows];
            this.nulls = text ? NO_NULLS : new boolean[width][rows];
            this.strings = text ? new String[width][rows] : NO_STRINGS;
        }

        Column column(int column, String name) {
            return text ? new Column.Strings(name, strings[column])
                    : new Column.Numbers(name, datatype.columnType(), numbers[column], nulls[column]);
        }
    }
}
