package dev.cairn.cli;

import dev.cairn.core.error.CairnException;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the files of the project's {@code examples/} folder: above the working folder (a clone run
 * from its root or a module, as Maven runs tests), else above the jar or classes this command runs
 * from ({@code ./cairn} started from another folder runs {@code cairn-cli/target/cairn.jar}).
 */
final class ExampleFiles {
    private ExampleFiles() {
    }

    /** The file at {@code examples/<relative>} of the nearest project folder that has it. */
    static Path find(String relative) {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("examples").resolve(relative);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        throw CairnException.invalidParameter("examples/" + relative + " is not above " + starts.get(0)
                + codeLocation().map(location -> " nor above " + location).orElse("")
                + "; run from the Cairn project folder or name the file");
    }

    /** The jar or classes folder this class was loaded from, when the class loader says. */
    private static Optional<Path> codeLocation() {
        CodeSource source = ExampleFiles.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
