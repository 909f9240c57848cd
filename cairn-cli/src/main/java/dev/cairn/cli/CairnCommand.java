package dev.cairn.cli;

import dev.cairn.core.error.CairnException;
import dev.cairn.server.CairnVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The {@code cairn} command: the entry point of the command line and of the fat jar. */
@Command(name = "cairn", mixinStandardHelpOptions = true, versionProvider = CairnCommand.Version.class,
        description = "Cairn: an MLOps platform for the JVM.",
        subcommands = {QuickstartCommand.class, ServerCommand.class, ExperimentsCommand.class, RunsCommand.class, ModelsCommand.class, DatasetsCommand.class, TrainCommand.class, PipelinesCommand.class,
                DeployCommand.class, DeploymentsCommand.class, ScoreCommand.class, ServeCommand.class, WorkerCommand.class, MonitorCommand.class, AlertsCommand.class, DbCommand.class})
public final class CairnCommand implements Runnable {
    /**
     * Tribuo logs every model fit at INFO through java.util.logging, which would bury the
     * progress lines of {@code cairn train}; a strong reference keeps the level set.
     */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        TRIBUO_LOG.setLevel(Level.WARNING);
        System.exit(commandLine().execute(args));
    }

    /**
     * The configured command line: user errors (a server's error, an unreachable server) print
     * one line on stderr and exit 1; bad usage prints picocli's usage message and exits 2.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new CairnCommand());
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            if (exception instanceof CairnClient.ServerError serverError) {
                err.println("error: " + serverError.code() + ": " + serverError.getMessage());
            } else if (exception instanceof CairnClient.UnreachableServer unreachable) {
                err.println("error: " + unreachable.getMessage());
            } else if (exception instanceof CairnException cairn) {
                err.println("error: " + cairn.code() + ": " + cairn.getMessage());
            } else if (exception instanceof UncheckedIOException io) {
                err.println("error: " + io.getMessage() + ": " + io.getCause().getMessage());
            } else {
                err.println("error: " + exception);
                exception.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the build's version for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cairn " + CairnVersion.VERSION};
        }
    }
}
