package dev.cairn.server.http;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
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
        // A 404 that a handler already answered in JSON (an entity not found) stays as it is.
        routes.error(404, "*", ctx -> {
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) {
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
        LOG.error("{} {} failed (ref {})", ctx.method(), ctx.path(), reference, e);
        String advice = code == ErrorCode.TEMPORARILY_UNAVAILABLE && e instanceof CairnException cairn
                ? cairn.getMessage() : "Internal error";
        write(ctx, code, advice + " (ref " + reference + "; the server log has the details)");
    }

    /** Writes an error response. */
    public static void write(Context ctx, ErrorCode code, String message) {
        ctx.status(code.httpStatus());
        Json.respond(ctx, Json.object().put("error_code", code.name()).put("message", message));
        ctx.status(code.httpStatus());
    }
}
