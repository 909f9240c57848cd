package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/** The HTTP client every client command shares: JSON requests to a Cairn server, errors as exceptions. */
final class CairnClient {
    /** JSON as the API speaks it; Optional values of reports are written as their content or null. */
    static final ObjectMapper JSON = JsonMapper.builder().addModule(new Jdk8Module()).build();

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
        return send(HttpRequest.newBuilder(uri(path + queryString(query))).GET().build());
    }

    /** DELETEs a path with query parameters. */
    JsonNode delete(String path, Map<String, String> query) {
        return send(HttpRequest.newBuilder(uri(path + queryString(query))).DELETE().build());
    }

    /** POSTs a JSON body to a path. */
    JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** PUTs a JSON body to a path. */
    JsonNode put(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** GETs a path whose answer is text (a log); a server error is thrown as for JSON calls. */
    String getText(String path, Map<String, String> query) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(uri(path + queryString(query))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw error(response.statusCode(), response.body());
        }
        return response.body();
    }

    /** PATCHes a JSON body to a path. */
    JsonNode patch(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** POSTs a file's bytes to a path as the given content type. */
    JsonNode postFile(String path, Path file, String contentType) {
        try {
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Uploads a file's bytes with PUT. */
    JsonNode putFile(String path, Path file) {
        try {
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)).build());
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** GETs a path into a file; a server error is thrown as for JSON calls and leaves no file. */
    void download(String path, Map<String, String> query, Path target) {
        HttpResponse<Path> response = exchange(HttpRequest.newBuilder(uri(path + queryString(query))).GET().build(),
                HttpResponse.BodyHandlers.ofFile(target));
        if (response.statusCode() >= 400) {
            String body;
            try {
                body = Files.readString(target);
                Files.deleteIfExists(target);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the error response in " + target, e);
            }
            throw error(response.statusCode(), body);
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UnreachableServer("cannot reach the Cairn server at " + baseUrl
                    + " (is `cairn server` running? set --server or CAIRN_SERVER)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableServer("interrupted while calling " + baseUrl, e);
        }
    }

    private ServerError error(int status, String body) {
        JsonNode json;
        try {
            json = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        return new ServerError(json.path("error_code").asText("HTTP_" + status), json.path("message").asText("the server answered " + status));
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body;
        try {
            body = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ServerError("BAD_RESPONSE", "the server at " + baseUrl + " answered " + response.statusCode()
                    + " with a body that is not JSON; is it a Cairn server?");
        }
        if (response.statusCode() >= 400) {
            throw error(response.statusCode(), response.body());
        }
        return body;
    }

    private URI uri(String pathAndQuery) {
        URI uri;
        try {
            uri = URI.create(baseUrl + pathAndQuery);
        } catch (IllegalArgumentException e) {
            throw new UnreachableServer("invalid server URL '" + baseUrl + "': " + e.getMessage(), e);
        }
        // The JDK client refuses these with an IllegalArgumentException that names no setting, so say which one is wrong.
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new UnreachableServer("invalid server URL '" + baseUrl + "': give http:// or https:// and a host, "
                    + "e.g. http://localhost:8080 (--server or CAIRN_SERVER)", null);
        }
        return uri;
    }

    private static String queryString(Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> joined.add(encode(name) + "=" + encode(value)));
        return joined.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
