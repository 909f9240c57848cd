package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/** The HTTP client every client command shares: JSON requests to a Cairn server, errors as exceptions. */
final class CairnClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A failure the server reported, with MLflow's error code. */
    static final class ServerError extends RuntimeException {
        private final String code;

        ServerError(String code, String message) {
            super(message);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    /** The server could not be reached at all. */
    static final class UnreachableServer extends RuntimeException {
        UnreachableServer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    CairnClient(String baseUrl) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null").replaceAll("/+$", "");
    }

    /** GETs a path with query parameters. */
    JsonNode get(String path, Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> joined.add(encode(name) + "=" + encode(value)));
        return send(HttpRequest.newBuilder(uri(path + joined)).GET().build());
    }

    /** POSTs a JSON body to a path. */
    JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UnreachableServer("cannot reach the Cairn server at " + baseUrl
                    + " (is `cairn server` running? set --server or CAIRN_SERVER)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableServer("interrupted while calling " + baseUrl, e);
        }
        JsonNode body;
        try {
            body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ServerError("BAD_RESPONSE", "the server at " + baseUrl + " answered " + response.statusCode()
                    + " with a body that is not JSON; is it a Cairn server?");
        }
        if (response.statusCode() >= 400) {
            throw new ServerError(body.path("error_code").asText("HTTP_" + response.statusCode()),
                    body.path("message").asText("the server answered " + response.statusCode()));
        }
        return body;
    }

    private URI uri(String pathAndQuery) {
        try {
            return URI.create(baseUrl + pathAndQuery);
        } catch (IllegalArgumentException e) {
            throw new UnreachableServer("invalid server URL '" + baseUrl + "': " + e.getMessage(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
