package dev.cairn.cli;

import dev.cairn.pipeline.run.StepEvent;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/** Prints one line per step state change of a pipeline run; steps on several threads share the writer. */
final class StepProgress implements Consumer<StepEvent> {
    private final PrintWriter out;

    StepProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void accept(StepEvent event) {
        out.printf("%-16s %s%n", event.step(), describe(event));
        out.flush();
    }

    private static String describe(StepEvent event) {
        if (event instanceof StepEvent.Started started) {
            return started.attempt() == 1 ? "started" : "started (attempt " + started.attempt() + ")";
        }
        if (event instanceof StepEvent.Cached cached) {
            return "cached (outputs of run " + cached.fromRunId() + ")";
        }
        if (event instanceof StepEvent.Finished finished) {
            return "finished in " + seconds(finished.duration());
        }
        if (event instanceof StepEvent.Retrying retrying) {
            return "attempt " + retrying.failedAttempt() + " failed, retrying in " + seconds(retrying.delay()) + ": " + firstLine(retrying.reason());
        }
        if (event instanceof StepEvent.Failed failed) {
            return "failed: " + failed.reason();
        }
        return "cancelled: " + ((StepEvent.Cancelled) event).reason();
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
