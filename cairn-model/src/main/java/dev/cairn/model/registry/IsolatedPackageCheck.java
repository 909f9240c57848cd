package dev.cairn.model.registry;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.registry.RegistrationOutcome;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The registration check of a {@code java} flavor package, in a child JVM: such a package runs
 * the user's own code, which may call {@code System.exit}, loop forever or exhaust memory. The
 * child loads the package and scores its input example with a heap limit; the parent waits at
 * most the time limit and reads one result line. Whatever the code does, the server goes on and
 * the version ends FAILED_REGISTRATION with the reason. (The child is not a sandbox: the code can
 * still read and write files as the server's user.)
 */
public final class IsolatedPackageCheck {
    /** The default limits: a minute, and 512 MiB of heap. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** The default heap limit of the child JVM, in MiB. */
    public static final int DEFAULT_HEAP_MIB = 512;
    private static final String READY = "CAIRN-CHECK READY ";
    private static final String FAILED = "CAIRN-CHECK FAILED ";
    private static final int MAX_OUTPUT_BYTES = 64 * 1024;

    private IsolatedPackageCheck() {
    }

    /** Checks the package in a folder in a child JVM with a time and a heap limit. */
    public static RegistrationOutcome run(Path packageFolder, Duration timeout, int heapMib) {
        Path argFile = null;
        Process child = null;
        try {
            // The class path goes in an argument file: a long one on the command line overflowed ONNX Runtime's stack.
            argFile = Files.createTempFile("cairn-check-", ".args");
            String classPath = System.getProperty("java.class.path").replace("\\", "\\\\").replace("\"", "\\\"");
            Files.writeString(argFile, "-cp \"" + classPath + "\"\n");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heapMib + "m", "-XX:+ExitOnOutOfMemoryError", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "@" + argFile, IsolatedPackageCheck.class.getName(), packageFolder.toAbsolutePath().toString());
            child = new ProcessBuilder(command).redirectErrorStream(true).start();
            child.getOutputStream().close();
            OutputReader output = new OutputReader(child.getInputStream());
            output.start();
            if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return RegistrationOutcome.failed("The package's code did not finish loading and scoring its input example within "
                        + timeout.toSeconds() + " s; it was stopped");
            }
            output.join(TimeUnit.SECONDS.toMillis(10));
            return outcome(child.exitValue(), output.text(), heapMib);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the JVM that checks the package", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RegistrationOutcome.failed("The check of the package was interrupted");
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
            if (argFile != null) {
                argFile.toFile().delete();
            }
        }
    }

    private static RegistrationOutcome outcome(int exitCode, String output, int heapMib) {
        for (String line : output.split("\n")) {
            if (exitCode == 0 && line.startsWith(READY)) {
                return RegistrationOutcome.ready(line.substring(READY.length()).trim());
            }
            if (exitCode == 0 && line.startsWith(FAILED)) {
                return RegistrationOutcome.failed(line.substring(FAILED.length()).trim());
            }
        }
        if (output.contains("OutOfMemoryError")) {
            return RegistrationOutcome.failed("The package's code ran out of memory (the check allows " + heapMib + " MiB of heap)");
        }
        return RegistrationOutcome.failed("The package's code ended the JVM (exit status " + exitCode + ") before it answered; "
                + "a model must not call System.exit");
    }

    /** The child: loads the package, scores its example, prints one result line, and halts (no user shutdown hook runs). */
    public static void main(String[] args) {
        String result;
        try {
            ModelPackage modelPackage = ModelPackage.read(Path.of(args[0]));
            try (LoadedModel model = LoadedModel.load(modelPackage, 1)) {
                Frame output = model.scoreInputExample();
                result = READY + "Loaded by the java runtime in a separate JVM; scored " + output.rowCount() + " example rows";
            }
        } catch (CairnException e) {
            result = FAILED + e.getMessage();
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            result = FAILED + "The package's code failed: " + e;
        }
        System.out.println(result.replace('\n', ' ').replace('\r', ' '));
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /** Reads the child's output on its own thread, keeping the first 64 KiB, so the child never blocks on a full pipe. */
    private static final class OutputReader extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        OutputReader(InputStream in) {
            super("cairn-package-check-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (kept) {
                        if (kept.size() < MAX_OUTPUT_BYTES) {
                            kept.write(buffer, 0, Math.min(n, MAX_OUTPUT_BYTES - kept.size()));
                        }
                    }
                }
            } catch (IOException ignored) {
                // The child was stopped; what was read is what there is.
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
