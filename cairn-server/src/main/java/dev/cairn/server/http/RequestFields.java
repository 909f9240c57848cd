package dev.cairn.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.error.MalformedJson;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The fields of a request, read from a JSON body (POST) or a query string (GET), with typed
 * getters whose errors name the field and what was wrong with it. Unknown fields are ignored,
 * as MLflow ignores them, so newer clients keep working.
 */
public final class RequestFields {
    /**
     * The largest JSON body accepted: 16 MiB, far above what any MLflow request needs (a full
     * {@code log-batch} is under 200 KB; a dataset schema is at most 1 MB), and small enough that
     * parsing it cannot exhaust the heap.
     */
    public static final long MAX_JSON_BODY_BYTES = 16L * 1024 * 1024;

    private final String prefix;
    private final Source source;

    private sealed interface Source permits JsonSource, QuerySource {
    }

    private record JsonSource(ObjectNode object) implements Source {
    }

    private record QuerySource(Map<String, List<String>> parameters) implements Source {
    }

    private RequestFields(String prefix, Source source) {
        this.prefix = prefix;
        this.source = source;
    }

    /** The fields of a JSON object body; an empty body is an empty object. */
    public static RequestFields fromJsonBody(Context ctx) {
        if (ctx.contentLength() > MAX_JSON_BODY_BYTES) {
            throw tooLarge();
        }
        try (InputStream body = new BoundedBody(ctx.bodyInputStream(), MAX_JSON_BODY_BYTES)) {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                return new RequestFields("", new JsonSource(Json.MAPPER.createObjectNode()));
            }
            if (!node.isObject()) {
                throw new CairnException(ErrorCode.BAD_REQUEST, "The request body must be a JSON object, not " + describe(node));
            }
            return new RequestFields("", new JsonSource((ObjectNode) node));
        } catch (JsonProcessingException e) {
            throw MalformedJson.error(e);
        } catch (BoundedBody.TooLarge e) {
            throw tooLarge();
        } catch (IOException e) {
            // The cause (a client that stopped sending, an idle timeout) is the client's; its Java name is not.
            throw new CairnException(ErrorCode.BAD_REQUEST, "The request body could not be read completely; send it again");
        }
    }

    /**
     * The raw request body, refused with 413 past a limit, whether the client declared its length
     * or streams it.
     */
    public static byte[] bodyBytes(Context ctx, long limit) {
        if (ctx.contentLength() > limit) {
            throw bodyTooLarge(limit);
        }
        try (InputStream body = new BoundedBody(ctx.bodyInputStream(), limit)) {
            int declared = ctx.contentLength();
            if (declared < 0) {
                return body.readAllBytes();
            }
            // A declared length is read into an array of that size: readAllBytes reserves 16 KiB first
            // and copies, which showed in the profiles of small scoring requests.
            byte[] start = body.readNBytes(declared);
            int next = body.read();
            if (next < 0) {
                return start;
            }
            byte[] rest = body.readAllBytes();
            byte[] whole = Arrays.copyOf(start, start.length + 1 + rest.length);
            whole[start.length] = (byte) next;
            System.arraycopy(rest, 0, whole, start.length + 1, rest.length);
            return whole;
        } catch (BoundedBody.TooLarge e) {
            throw bodyTooLarge(limit);
        } catch (IOException e) {
            // The cause (a client that stopped sending, an idle timeout) is the client's; its Java name is not.
            throw new CairnException(ErrorCode.BAD_REQUEST, "The request body could not be read completely; send it again");
        }
    }

    private static CairnException bodyTooLarge(long limit) {
        return new CairnException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than this endpoint's limit of " + limit
                + " bytes; send fewer rows per request");
    }

    private static CairnException tooLarge() {
        return new CairnException(ErrorCode.PAYLOAD_TOO_LARGE, "The JSON request body is larger than the limit of "
                + MAX_JSON_BODY_BYTES / (1024 * 1024) + " MiB; send less per request (log-batch takes at most 1000 metrics)");
    }

    /**
     * The numeric id in the path parameter {@code id}; a 400 naming {@code what} it identifies
     * (such as "batch job") otherwise, echoing at most 40 characters of what was sent.
     */
    public static long pathId(Context ctx, String what) {
        String text = ctx.pathParam("id");
        if (!text.matches("[0-9]{1,18}")) {
            throw CairnException.invalidParameter("A " + what + " id is a whole number; got '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
        return Long.parseLong(text);
    }

    /** The fields of a query string; a repeated parameter is a list. */
    public static RequestFields fromQuery(Context ctx) {
        return new RequestFields("", new QuerySource(ctx.queryParamMap()));
    }

    /**
     * The fields of a GET request's query string, or of another request's JSON body; a DELETE
     * without a body (some clients send its fields in the query) reads the query.
     */
    public static RequestFields of(Context ctx) {
        String method = ctx.method().name();
        boolean bodiless = method.equals("DELETE") && ctx.contentLength() <= 0;
        return method.equals("GET") || bodiless ? fromQuery(ctx) : fromJsonBody(ctx);
    }

    /** A string field that must be present and non-empty. */
    public String requiredString(String name) {
        return optionalString(name).filter(value -> !value.isEmpty())
                .orElseThrow(() -> CairnException.invalidParameter("Missing value for required field '" + path(name) + "'"));
    }

    /** True if the field is present and not null. */
    public boolean has(String name) {
        if (source instanceof QuerySource query) {
            return query.parameters().containsKey(name);
        }
        JsonNode node = jsonField(name);
        return node != null && !node.isNull();
    }

    /** A string field that may be absent. */
    public Optional<String> optionalString(String name) {
        if (source instanceof QuerySource query) {
            List<String> values = query.parameters().get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
        JsonNode node = jsonField(name);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw wrongType(name, "a string", node);
        }
        return Optional.of(node.textValue());
    }

    /** An integer field that must be present. */
    public long requiredLong(String name) {
        OptionalLong value = optionalLong(name);
        if (value.isEmpty()) {
            throw CairnException.invalidParameter("Missing value for required field '" + path(name) + "'");
        }
        return value.getAsLong();
    }

    /** A model or dataset version number: an integer from 1 to 2,147,483,647. */
    public int requiredVersion(String name) {
        long version = requiredLong(name);
        if (version < 1 || version > Integer.MAX_VALUE) {
            throw CairnException.invalidParameter("Field '" + path(name) + "' must be a version number from 1 to " + Integer.MAX_VALUE
                    + "; got " + version);
        }
        return (int) version;
    }

    /** An integer field that may be absent; like protobuf's JSON, a numeric string is accepted. */
    public OptionalLong optionalLong(String name) {
        Optional<JsonNode> node = scalar(name);
        if (node.isEmpty()) {
            return OptionalLong.empty();
        }
        JsonNode value = node.get();
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return OptionalLong.of(value.longValue());
        }
        if (value.isTextual()) {
            try {
                return OptionalLong.of(Long.parseLong(value.textValue().trim()));
            } catch (NumberFormatException e) {
                throw wrongType(name, "an integer", value);
            }
        }
        throw wrongType(name, "an integer", value);
    }

    /** A number field that must be present; "NaN", "Infinity" and "-Infinity" are accepted. */
    public double requiredDouble(String name) {
        OptionalDouble value = optionalDouble(name);
        if (value.isEmpty()) {
            throw CairnException.invalidParameter("Missing value for required field '" + path(name) + "'");
        }
        return value.getAsDouble();
    }

    /** A number field that may be absent; "NaN", "Infinity" and "-Infinity" are accepted. */
    public OptionalDouble optionalDouble(String name) {
        Optional<JsonNode> node = scalar(name);
        if (node.isEmpty()) {
            return OptionalDouble.empty();
        }
        JsonNode value = node.get();
        if (value.isNumber()) {
            return OptionalDouble.of(value.doubleValue());
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            switch (text) {
                case "NaN": return OptionalDouble.of(Double.NaN);
                case "Infinity", "inf": return OptionalDouble.of(Double.POSITIVE_INFINITY);
                case "-Infinity", "-inf": return OptionalDouble.of(Double.NEGATIVE_INFINITY);
                default:
                    try {
                        return OptionalDouble.of(Double.parseDouble(text));
                    } catch (NumberFormatException e) {
                        throw wrongType(name, "a number", value);
                    }
            }
        }
        throw wrongType(name, "a number", value);
    }

    /** A boolean field with a default; "true" and "false" strings are accepted too. */
    public boolean booleanOr(String name, boolean defaultValue) {
        Optional<JsonNode> node = scalar(name);
        if (node.isEmpty()) {
            return defaultValue;
        }
        JsonNode value = node.get();
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.textValue().equalsIgnoreCase("true") || value.textValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(value.textValue());
        }
        throw wrongType(name, "a boolean", value);
    }

    /** An integer field that may be absent and must lie in a range. */
    public int intInRange(String name, int defaultValue, int min, int max) {
        OptionalLong value = optionalLong(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (value.getAsLong() < min || value.getAsLong() > max) {
            throw CairnException.invalidParameter("Field '" + path(name) + "' must be between " + min + " and " + max
                    + "; got " + value.getAsLong());
        }
        return (int) value.getAsLong();
    }

    /** A list of strings; absent is empty. A query string gives one per repeated parameter. */
    public List<String> stringList(String name) {
        if (source instanceof QuerySource query) {
            return List.copyOf(query.parameters().getOrDefault(name, List.of()));
        }
        JsonNode node = jsonField(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrongType(name, "a list of strings", node);
        }
        List<String> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (!element.isTextual()) {
                throw wrongType(name + "[" + i + "]", "a string", element);
            }
            values.add(element.textValue());
        }
        return values;
    }

    /** A list of JSON objects, each readable as fields; absent is empty. */
    public List<RequestFields> objectList(String name) {
        if (source instanceof QuerySource) {
            throw CairnException.invalidParameter("Field '" + path(name) + "' is a list of objects: send it in a JSON body with POST");
        }
        JsonNode node = jsonField(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrongType(name, "a list of objects", node);
        }
        List<RequestFields> objects = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            String elementPath = path(name) + "[" + i + "]";
            if (!element.isObject()) {
                throw CairnException.invalidParameter("Field '" + elementPath + "' must be an object, not " + describe(element));
            }
            objects.add(new RequestFields(elementPath + ".", new JsonSource((ObjectNode) element)));
        }
        return objects;
    }

    /**
     * A JSON object whose values are texts, numbers or true/false, each as its text (numbers as
     * written); absent is empty.
     */
    public Map<String, String> scalarMap(String name) {
        if (source instanceof QuerySource) {
            throw CairnException.invalidParameter("Field '" + path(name) + "' is an object: send it in a JSON body with POST");
        }
        JsonNode node = jsonField(name);
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw wrongType(name, "an object", node);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!(value.isTextual() || value.isNumber() || value.isBoolean())) {
                throw wrongType(name + "." + field.getKey(), "a text, a number or true/false", value);
            }
            values.put(field.getKey(), value.asText());
        }
        return values;
    }

    /** A required nested JSON object, readable as fields. */
    public RequestFields requiredObject(String name) {
        return new RequestFields(path(name) + ".", new JsonSource(requiredDocument(name)));
    }

    /** A required JSON object kept as it came, for documents the server stores without reading (a dataset profile). */
    public ObjectNode requiredDocument(String name) {
        if (source instanceof QuerySource) {
            throw CairnException.invalidParameter("Field '" + path(name) + "' is an object: send it in a JSON body with POST");
        }
        JsonNode node = jsonField(name);
        if (node == null || node.isNull()) {
            throw CairnException.invalidParameter("Missing value for required parameter '" + path(name) + "'");
        }
        if (!node.isObject()) {
            throw wrongType(name, "an object", node);
        }
        return (ObjectNode) node;
    }

    private Optional<JsonNode> scalar(String name) {
        if (source instanceof QuerySource) {
            return optionalString(name).map(Json.MAPPER.getNodeFactory()::textNode);
        }
        JsonNode node = jsonField(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    private JsonNode jsonField(String name) {
        return ((JsonSource) source).object().get(requireNonNull(name, "name is null"));
    }

    private String path(String name) {
        return prefix + name;
    }

    private CairnException wrongType(String name, String expected, JsonNode actual) {
        return CairnException.invalidParameter("Field '" + path(name) + "' must be " + expected + ", not " + describe(actual));
    }

    private static String describe(JsonNode node) {
        JsonNodeType type = node.getNodeType();
        return switch (type) {
            case STRING -> "the string " + abbreviate(node.toString());
            case NUMBER -> "the number " + node;
            case BOOLEAN -> "the boolean " + node;
            case ARRAY -> "a list";
            case OBJECT, POJO -> "an object";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
