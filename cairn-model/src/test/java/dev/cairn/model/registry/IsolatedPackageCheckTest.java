package dev.cairn.model.registry;

import dev.cairn.core.registry.ModelVersionStatus;
import dev.cairn.core.registry.RegistrationOutcome;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.testing.JavaScorerPackages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code java} package runs its author's code during registration, in a child JVM: a package
 * that exits the JVM, never finishes or exhausts memory fails with the reason, and this JVM (the
 * server's) goes on. A well-behaved one is READY.
 */
class IsolatedPackageCheckTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path folder;

    @Test
    void aWellBehavedPackageIsReady() {
        RegistrationOutcome outcome = check("good", "return new Frame(List.of(Column.Numbers.ofDoubles(\"prediction\", "
                + "new double[input.rowCount()])));");
        assertThat(outcome.status()).isEqualTo(ModelVersionStatus.READY);
        assertThat(outcome.message()).isEqualTo("Loaded by the java runtime in a separate JVM; scored 2 example rows");
    }

    @Test
    void aPackageThatCallsSystemExitFailsAndThisJvmGoesOn() {
        RegistrationOutcome outcome = check("exits", "System.exit(3); return null;");
        assertThat(outcome.status()).isEqualTo(ModelVersionStatus.FAILED_REGISTRATION);
        assertThat(outcome.message()).isEqualTo("The package's code ended the JVM (exit status 3) before it answered; "
                + "a model must not call System.exit");
    }

    @Test
    void aPackageThatNeverFinishesIsStoppedAtTheTimeLimit() {
        long start = System.nanoTime();
        RegistrationOutcome outcome = IsolatedPackageCheck.run(build("loops", "while (true) { Thread.onSpinWait(); }").folder(),
                Duration.ofSeconds(3), 64);
        assertThat(outcome.status()).isEqualTo(ModelVersionStatus.FAILED_REGISTRATION);
        assertThat(outcome.message()).isEqualTo("The package's code did not finish loading and scoring its input example within 3 s; "
                + "it was stopped");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aPackageThatExhaustsMemoryFails() {
        RegistrationOutcome outcome = check("hungry", "List<long[]> hoard = new java.util.ArrayList<>(); "
                + "while (true) { hoard.add(new long[1_000_000]); }");
        assertThat(outcome.status()).isEqualTo(ModelVersionStatus.FAILED_REGISTRATION);
        assertThat(outcome.message()).isEqualTo("The package's code ran out of memory (the check allows 64 MiB of heap)");
    }

    @Test
    void aPackageWhoseCodeThrowsFailsWithTheError() {
        RegistrationOutcome outcome = check("throws", "throw new IllegalStateException(\"no rate table\");");
        assertThat(outcome.status()).isEqualTo(ModelVersionStatus.FAILED_REGISTRATION);
        assertThat(outcome.message()).contains("no rate table");
    }

    private RegistrationOutcome check(String name, String predictBody) {
        return IsolatedPackageCheck.run(build(name, predictBody).folder(), TIMEOUT, 64);
    }

    private ModelPackage build(String name, String predictBody) {
        String source = """
                package acme;

                import dev.cairn.model.frame.Column;
                import dev.cairn.model.frame.Frame;
                import dev.cairn.model.runtime.ModelContext;
                import dev.cairn.model.runtime.Predictor;
                import java.util.List;

                public class Scorer implements Predictor {
                    @Override
                    public void init(ModelContext context) {
                    }

                    @Override
                    public Frame predict(Frame input) {
                        %s
                    }
                }
                """.formatted(predictBody);
        return JavaScorerPackages.build(folder, name, "acme.Scorer", source);
    }
}
