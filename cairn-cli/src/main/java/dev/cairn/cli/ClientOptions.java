package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** Options every client command takes: which server to call and how to print. */
final class ClientOptions {
    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:CAIRN_SERVER:-http://127.0.0.1:5000}",
            description = "Cairn server to call (env CAIRN_SERVER; default: ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--json", description = "Print the server's JSON response instead of a table")
    boolean json;

    @Option(names = "--cache", paramLabel = "DIR", description = "Where model packages are cached for scoring (default: <CAIRN_HOME>/cache)")
    Optional<Path> cache;

    /** The folder model packages are cached in, checked against their registered digests on use. */
    Path cacheFolder() {
        return cache.orElseGet(() -> ProcessOptions.defaultHome().resolve("cache"));
    }

    CairnClient client() {
        return new CairnClient(server);
    }

    /** Prints the response as JSON when asked to; returns true if it did. */
    boolean printedJson(PrintWriter out, JsonNode response) {
        if (json) {
            out.println(response.toPrettyString());
        }
        return json;
    }
}
