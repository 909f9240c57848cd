package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** Options every client command takes: which server to call and how to print. */
final class ClientOptions {
    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:CAIRN_SERVER:-http://127.0.0.1:5000}",
            description = "Cairn server to call (env CAIRN_SERVER; default: ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--json", description = "Print the server's JSON response instead of a table")
    boolean json;

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
