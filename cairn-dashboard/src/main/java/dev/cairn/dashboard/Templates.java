package dev.cairn.dashboard;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

import java.util.Map;

/**
 * Renders the dashboard's templates. They are compiled to classes at build time (the jte Maven
 * plugin), so a page costs a method call and a template error is a build error, not a 500.
 */
public final class Templates {
    private static final String PACKAGE = "dev.cairn.dashboard.templates";
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, null, PACKAGE);

    /** Renders {@code template} with its one parameter as the response's HTML, with the given status. */
    public void render(Context ctx, int status, String template, Object page) {
        StringOutput output = new StringOutput(8192);
        engine.render(template, page, output);
        send(ctx, status, output);
    }

    /** Renders {@code template}, whose parameters are named, with status 200. */
    public void render(Context ctx, String template, Map<String, Object> parameters) {
        StringOutput output = new StringOutput(8192);
        engine.render(template, parameters, output);
        send(ctx, 200, output);
    }

    private static void send(Context ctx, int status, StringOutput output) {
        // Pages show live state: never from a cache. They are never framed, and never sniffed as anything but HTML.
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.status(status).contentType("text/html; charset=utf-8").result(output.toString());
    }

    /** Renders {@code template} with status 200. */
    public void render(Context ctx, String template, Object page) {
        render(ctx, 200, template, page);
    }
}
