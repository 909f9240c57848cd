package dev.cairn.data.validate;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidatorTest {
    private static final TableFile PENGUINS = new TableFile(BreastCancerModel.exampleData().resolve("penguins.json"));

    @TempDir
    Path dir;

    @Test
    void passingRulesGiveAPassingReport() throws IOException {
        ValidationRules rules = rules("""
                row_count: {min: 300, max: 400}
                columns:
                  Species: {type: string, allowed: [Adelie, Chinstrap, Gentoo], max_null_share: 0}
                  Island: {type: string}
                  "Flipper Length (mm)": {type: number, min: 150, max: 250, max_null_share: 0.01}
                """);
        ValidationReport report = Validator.validate(PENGUINS, rules);
        assertThat(report.passed()).as(report.describe()).isTrue();
        assertThat(report.rows()).isEqualTo(344);
        assertThat(report.describe()).startsWith("Validation of penguins.json passed");
    }

    @Test
    void aMissingColumnIsNamedWithTheColumnsThereAre() throws IOException {
        ValidationReport report = Validator.validate(PENGUINS, rules("""
                columns:
                  wingspan: {type: number}
                """));
        assertThat(report.passed()).isFalse();
        RuleResult failure = report.failures().get(0);
        assertThat(failure.rule()).isEqualTo("present");
        assertThat(failure.column()).contains("wingspan");
        assertThat(failure.message()).contains("the column is missing").contains("Species");
        assertThat(report.describe()).contains("present of column 'wingspan'");
    }

    @Test
    void outOfRangeValuesAreCountedWithExamples() throws IOException {
        // Real body masses run from 2700 to 6300 g: one row is below 2800 (2700) and two are above 6000 (6050 and 6300),
        // counted in the data file by hand.
        ValidationReport report = Validator.validate(PENGUINS, rules("""
                columns:
                  "Body Mass (g)": {min: 2800, max: 6000}
                """));
        List<RuleResult> failures = report.failures();
        assertThat(failures).extracting(RuleResult::rule).containsExactly("min", "max");
        assertThat(failures.get(0).message()).isEqualTo("1 rows have values below 2800.0");
        assertThat(failures.get(0).examples()).containsExactly("2700");
        assertThat(failures.get(1).message()).isEqualTo("2 rows have values above 6000.0");
        assertThat(failures.get(1).examples()).containsExactlyInAnyOrder("6050", "6300");
    }

    @Test
    void tooManyNullsAndWrongTypesAndDisallowedValuesAndDuplicatesFail() throws IOException {
        ValidationReport report = Validator.validate(PENGUINS, rules("""
                columns:
                  Sex: {max_null_share: 0.01}
                  Island: {type: integer, allowed: [Biscoe, Dream]}
                  Species: {unique: true}
                """));
        assertThat(report.failures()).extracting(RuleResult::rule).containsExactly("max_null_share", "type", "allowed", "unique");
        RuleResult nulls = report.failures().get(0);
        assertThat(nulls.column()).contains("Sex");
        assertThat(nulls.message()).matches("\\d+ of 344 values are missing \\(\\d+\\.\\d\\d%\\), more than the 1\\.00% allowed");
        assertThat(report.failures().get(1).message()).isEqualTo("expected integer, found VARCHAR");
        assertThat(report.failures().get(2).examples()).containsExactly("Torgersen");
        assertThat(report.failures().get(3).examples()).containsExactly("Adelie", "Chinstrap", "Gentoo");
    }

    @Test
    void rowCountBoundsAreChecked() throws IOException {
        ValidationReport report = Validator.validate(PENGUINS, rules("row_count: {min: 1000}\n"));
        assertThat(report.failures()).singleElement().satisfies(r -> {
            assertThat(r.column()).isEqualTo(Optional.empty());
            assertThat(r.message()).isEqualTo("344 rows, fewer than the 1000 required");
        });
    }

    @Test
    void malformedRulesAreRefusedClearly() throws IOException {
        assertThatThrownBy(() -> rules("columns:\n  x: {type: decimal}\n")).isInstanceOf(CairnException.class)
                .hasMessageContaining("Unknown column type 'decimal'");
        assertThatThrownBy(() -> rules("columns:\n  x: {maximum: 3}\n")).isInstanceOf(CairnException.class)
                .hasMessageContaining("maximum");
    }

    private ValidationRules rules(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("rules-" + System.nanoTime() + ".yaml"), yaml);
        return ValidationRules.read(file);
    }
}
