package dev.cairn.server.http;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** The server's one JSON mapper and the way handlers write JSON responses. */
public final class Json {
    /**
     * Accepts NaN and the infinities as bare tokens, because Python's {@code json.dumps} (and so
     * the MLflow Python client) writes them that way; writes them as strings, as protobuf does.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Writes a JSON response with status 200. */
    public static void respond(Context ctx, Object body) {
        ctx.contentType("application/json").result(bytes(body));
    }

    /** A value as JSON bytes. */
    public static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a response", e);
        }
    }
}
