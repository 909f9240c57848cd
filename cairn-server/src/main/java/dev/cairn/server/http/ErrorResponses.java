package dev.cairn.server.http;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.model.runtime.ModelFailure;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into responses: every error is
 * {@code {"error_code": "...", "message": "..."}} with the status of its {@link ErrorCode}.
 * Stack traces go to the log, never to the caller.
 */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final java.util.random.RandomGenerator REFERENCES = new java.security.SecureRandom();

    private ErrorResponses() {
    }

    /** Registers the exception and not-found handlers on a Javalin app's routes. */
    public static void register(RoutesConfig routes) {
        routes.exception(CairnException.class, (e, ctx) -> {
            if (e.code().httpStatus() >= 500) {
                internal(ctx, e.code(), e);
            } else {
                write(ctx, e.code(), e.getMessage());
            }
        });
        routes.exception(Exception.class, (e, ctx) -> internal(ctx, ErrorCode.INTERNAL_ERROR, e));
        // A 404 that a handler already answered (an entity not found: JSON from the API, a page from the dashboard)
        // stays as it is.
        routes.error(404, "*", ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || !(type.startsWith("application/json") || type.startsWith("text/html"))) {
                write(ctx, ErrorCode.ENDPOINT_NOT_FOUND, "No API endpoint " + ctx.method() + " " + ctx.path());
            }
        });
        routes.error(405, "*", ctx -> write(ctx, ErrorCode.ENDPOINT_NOT_FOUND,
                "Method " + ctx.method() + " is not allowed for " + ctx.path()));
    }

    /**
     * A server-side failure: the details (SQL, file paths, stack) go to the log under a short
     * reference, and the caller gets the reference and what to do, never the details.
     */
    private static void internal(Context ctx, ErrorCode code, Exception e) {
        String reference = Long.toHexString(REFERENCES.nextLong() & 0xffffffffL);
        if (code == ErrorCode.TEMPORARILY_UNAVAILABLE && e instanceof CairnException && e.getCause() == null) {
            // A busy, starting or stopping server is a state, not a bug: one line, so that a load peak does not bury the log in traces.
            LOG.warn("{} {} answered 503 (ref {}): {}", ctx.method(), ctx.path(), reference, e.getMessage());
        } else {
            LOG.error("{} {} failed (ref {})", ctx.method(), ctx.path(), reference, e);
        }
        // A model's own failure and an unavailable dependency say what went wrong; nothing else does.
        boolean explained = e instanceof ModelFailure || code == ErrorCode.TEMPORARILY_UNAVAILABLE && e instanceof CairnException;
        String advice = explained ? e.getMessage() : "Internal error";
        write(ctx, code, advice + " (ref " + reference + "; the server log has the details)");
    }

    /**
     * Writes an error response. Under {@code /v2} the Open Inference Protocol's {@code error} field
     * carries the message too, so OIP clients and Cairn's own read the same response.
     */
    public static void write(Context ctx, ErrorCode code, String message) {
        ctx.status(code.httpStatus());
        ObjectNode body = Json.object().put("error_code", code.name()).put("message", message);
        if (ctx.path().startsWith("/v2/") || ctx.path().equals("/v2")) {
            body.put("error", message);
        }
        Json.respond(ctx, body);
        ctx.status(code.httpStatus());
    }
}
