package dev.cairn.dashboard;

import io.javalin.http.Context;

/** Renders one dashboard page; {@link Dashboard} turns what it throws into an error page. */
@FunctionalInterface
public interface PageHandler {
    /** Renders the page for the request. */
    void handle(Context ctx) throws Exception;
}
