package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Follows a run of a stored pipeline until it is over: prints each step's state as it changes,
 * and the log of each step that ran, indented, once it is done.
 */
final class PipelineRunFollower {
    private static final long POLL_MILLIS = 500;
    private static final Set<String> DONE = Set.of("RAN", "FAILED", "KILLED");

    private final CairnClient client;
    private final PrintWriter out;

    PipelineRunFollower(CairnClient client, PrintWriter out) {
        this.client = client;
        this.out = out;
    }

    /** Follows the run; 0 if it succeeded, 1 otherwise. */
    int follow(String pipeline, long runId) {
        String path = "/api/v1/pipelines/" + pipeline + "/runs/" + runId;
        Map<String, String> seen = new HashMap<>();
        String state;
        JsonNode run;
        do {
            sleep();
            run = client.get(path, Map.of()).path("run");
            state = run.path("state").asText();
            for (JsonNode step : run.path("steps")) {
                String name = step.path("step").asText();
                String stepState = step.path("state").asText();
                if (stepState.equals(seen.put(name, stepState))) {
                    continue;
                }
                out.printf("%-16s %s%s%n", name, stepState.toLowerCase(),
                        step.has("duration_ms") ? " in " + step.path("duration_ms").asLong() + " ms" : "");
                step.path("error").asText("").lines().findFirst().ifPresent(error -> out.println("                   " + error));
                if (DONE.contains(stepState)) {
                    printLog(path, name);
                }
            }
            out.flush();
        } while (state.equals("QUEUED") || state.equals("RUNNING"));
        String message = run.path("message").asText();
        out.printf("Run %d of %s %s%s%n", runId, pipeline, state, message.isEmpty() ? "" : ": " + message);
        out.flush();
        return state.equals("SUCCEEDED") ? 0 : 1;
    }

    private void printLog(String runPath, String step) {
        try {
            client.getText(runPath + "/logs", Map.of("step", step)).lines().forEach(line -> out.println("  | " + line));
        } catch (CairnClient.ServerError e) {
            out.println("  (no log: " + e.getMessage() + ")");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following the run", e);
        }
    }
}
