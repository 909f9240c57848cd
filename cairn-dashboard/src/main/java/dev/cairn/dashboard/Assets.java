package dev.cairn.dashboard;

import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard's scripts and styles, read from the classpath once and kept gzipped: htmx and
 * ECharts from their WebJars, and Cairn's own small script and stylesheet. Browsers keep them for
 * an hour: long enough that moving between pages loads nothing twice, short enough for an upgrade.
 */
final class Assets {
    private static final String WEBJARS = "META-INF/resources/webjars/";
    private static final String OWN = "dev/cairn/dashboard/static/";

    private final Map<String, Asset> assets;

    Assets() {
        this.assets = Map.of(
                "htmx.min.js", load(WEBJARS + "htmx.org/2.0.4/dist/htmx.min.js", "text/javascript"),
                "echarts.min.js", load(WEBJARS + "echarts/5.3.1/dist/echarts.min.js", "text/javascript"),
                "cairn.js", load(OWN + "cairn.js", "text/javascript"),
                "cairn.css", load(OWN + "cairn.css", "text/css"));
    }

    /** Answers {@code GET /static/{file}}. */
    void serve(Context ctx) {
        Asset asset = assets.get(ctx.pathParam("file"));
        if (asset == null) {
            ctx.status(404).contentType("text/plain").result("No such file");
            return;
        }
        ctx.contentType(asset.type() + "; charset=utf-8");
        ctx.header("Cache-Control", "public, max-age=3600");
        String accepted = ctx.header("Accept-Encoding");
        if (accepted != null && accepted.contains("gzip")) {
            ctx.header("Content-Encoding", "gzip");
            ctx.result(asset.gzipped());
        } else {
            ctx.result(asset.plain());
        }
    }

    private static Asset load(String resource, String type) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The dashboard's " + resource + " is missing from the classpath");
            }
            byte[] plain = in.readAllBytes();
            ByteArrayOutputStream gzipped = new ByteArrayOutputStream(plain.length / 3);
            try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
                gzip.write(plain);
            }
            return new Asset(type, plain, gzipped.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Asset(String type, byte[] plain, byte[] gzipped) {
    }
}
