package dev.cairn.server.http;

import dev.cairn.core.error.ErrorCode;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Errors that Jetty answers itself, before a request reaches Cairn's routes (a URI or headers
 * too long, a malformed request line, an ambiguous path such as {@code %00}), in the same JSON
 * as every other error instead of Jetty's HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    /** Every method gets the JSON body: Jetty's default gives PUT, PATCH and DELETE an empty one. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(status, message)), callback);
    }

    private static byte[] body(int status, String reason) {
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.ENDPOINT_NOT_FOUND;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 431 -> ErrorCode.REQUEST_HEADER_FIELDS_TOO_LARGE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        };
        String message = status >= 500 || reason == null || reason.isBlank()
                ? "The request could not be processed (HTTP " + status + ")"
                : "The request was refused (HTTP " + status + "): " + reason;
        // The "error" field is the Open Inference Protocol's; Jetty's errors come before any route knows the protocol.
        return Json.bytes(Json.object().put("error_code", code.name()).put("message", message).put("error", message));
    }
}
