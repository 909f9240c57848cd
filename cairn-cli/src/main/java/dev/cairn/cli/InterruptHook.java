package dev.cairn.cli;

import dev.cairn.pipeline.run.PipelineCancellation;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) while a pipeline runs in this process: the run is cancelled, so running
 * steps are interrupted and their runs, and the pipeline's, end KILLED on the server instead of
 * staying RUNNING forever; the process then exits once the run has recorded that, or after
 * {@link #GRACE_SECONDS} at most. Closing the hook when the run is over removes it.
 */
final class InterruptHook implements AutoCloseable {
    /** How long an interrupted process waits for its run to record the cancellation. */
    static final long GRACE_SECONDS = 20;

    private final Thread hook;
    private final CountDownLatch over = new CountDownLatch(1);

    private InterruptHook(PipelineCancellation cancellation) {
        hook = new Thread(() -> {
            cancellation.cancel("interrupted (Ctrl-C or a stop signal)");
            try {
                over.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cairn-pipeline-interrupt");
    }

    /** Installs a hook that cancels {@code cancellation} when the process is told to stop. */
    static InterruptHook cancelling(PipelineCancellation cancellation) {
        InterruptHook interruptHook = new InterruptHook(cancellation);
        Runtime.getRuntime().addShutdownHook(interruptHook.hook);
        return interruptHook;
    }

    @Override
    public void close() {
        over.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it returns now that the run is over.
        }
    }
}
