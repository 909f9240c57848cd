package dev.cairn.pipeline.spec;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.pipeline.steps.BuiltInSteps;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineSpecReaderTest {
    private static final Path FOLDER = Path.of("/data");
    private final PipelineSpecReader reader = new PipelineSpecReader(BuiltInSteps.types());

    @Test
    void readsAPipelineInAnOrderWhereEachStepFollowsWhatItReads() {
        PipelineSpec spec = reader.read("""
                name: flights
                steps:
                  check:
                    type: validate
                    inputs:
                      table: ${steps.features.outputs.table}
                    params: {rules: {row_count: {min: 1}}}
                    retries: 2
                  features:
                    type: sql
                    inputs:
                      flights: ${steps.source.outputs.dataset}
                    params: {sql: SELECT * FROM flights}
                    cache: false
                  source:
                    type: dataset
                    params: {name: flights, path: flights.csv}
                """, FOLDER);
        assertThat(spec.experimentName()).isEqualTo("flights");
        assertThat(spec.steps()).extracting(StepSpec::name).containsExactly("source", "features", "check");
        assertThat(spec.steps().get(2).retries()).isEqualTo(2);
        assertThat(spec.steps().get(1).cache()).isFalse();
        assertThat(spec.steps().get(1).line()).isEqualTo(9);
    }

    @Test
    void anUnknownStepTypeListsTheKnownOnes() {
        assertError("""
                name: p
                steps:
                  source:
                    type: datset
                """, "line 4: step 'source' has unknown type 'datset'; known types: dataset, sql, validate, split");
    }

    @Test
    void aReferenceToAStepThatDoesNotExist() {
        assertError("""
                name: p
                steps:
                  features:
                    type: sql
                    params: {sql: SELECT 1}
                  check:
                    type: validate
                    inputs:
                      table: ${steps.featurs.outputs.table}
                    params: {rules: {}}
                """, "line 9: step 'check' refers to ${steps.featurs.outputs.table}, but there is no step 'featurs'; steps: features, check");
    }

    @Test
    void aReferenceToAnOutputTheStepTypeDoesNotHave() {
        assertError("""
                name: p
                steps:
                  source:
                    type: dataset
                    params: {name: flights, path: flights.csv}
                  features:
                    type: sql
                    params:
                      sql: SELECT * FROM read_parquet('${steps.source.outputs.table}')
                """, "line 8: step 'features' refers to ${steps.source.outputs.table}, but a dataset step has no output 'table'; its outputs: dataset");
    }

    @Test
    void aCycleNamesItsSteps() {
        assertError("""
                name: p
                steps:
                  a:
                    type: sql
                    inputs: {t: "${steps.c.outputs.table}"}
                    params: {sql: SELECT * FROM t}
                  b:
                    type: sql
                    inputs: {t: "${steps.a.outputs.table}"}
                    params: {sql: SELECT * FROM t}
                  c:
                    type: sql
                    inputs: {t: "${steps.b.outputs.table}"}
                    params: {sql: SELECT * FROM t}
                """, "line 3: the steps form a cycle: a -> c -> b -> a");
    }

    @Test
    void aMissingRequiredParameter() {
        assertError("""
                name: p
                steps:
                  register:
                    type: register
                    inputs:
                      model: ${steps.train.outputs.model}
                """, "line 3: step 'register' (register) needs parameter 'name' (string)");
        assertError("""
                name: p
                steps:
                  source:
                    type: dataset
                    params:
                      name: flights
                """, "line 5: step 'source' (dataset): give exactly one of 'path' (a file) and 'jdbc' (a query)");
    }

    @Test
    void aParameterOfTheWrongType() {
        assertError("""
                name: p
                steps:
                  source:
                    type: dataset
                    params: {name: flights, path: flights.csv}
                  parts:
                    type: split
                    inputs:
                      table: ${steps.source.outputs.dataset}
                    params:
                      ratios: {train: 0.8, test: 0.2}
                      seed: seven
                """, "line 12: step 'parts': parameter 'seed' must be integer, not string 'seven'");
    }

    @Test
    void parametersThatExcludeEachOther() {
        assertError("""
                name: p
                steps:
                  source:
                    type: dataset
                    params: {name: flights, path: flights.csv}
                  parts:
                    type: split
                    inputs:
                      table: ${steps.source.outputs.dataset}
                    params:
                      column: date
                """, "line 10: step 'parts' (split): give either 'column' and 'parts' (a time split) or 'ratios' (and 'seed')");
    }

    @Test
    void aTrainStepsUnknownAlgorithmOrGateMetricIsRefusedBeforeAnythingRuns() {
        String upstream = """
                name: p
                steps:
                  parts:
                    type: split
                    inputs: {table: "${steps.source.outputs.dataset}"}
                    params: {ratios: {train: 0.8, test: 0.2}}
                  source:
                    type: dataset
                    params: {name: flights, path: flights.csv}
                """;
        assertError(upstream + """
                  train:
                    type: train
                    inputs: {train: "${steps.parts.outputs.train}", test: "${steps.parts.outputs.test}"}
                    params:
                      target: late
                      features: {numeric: [distance]}
                      models: [{algorithm: random_forest}]
                """, "line 13: step 'train' (train): Unknown algorithm 'random_forest'");
        assertError(upstream + """
                  train:
                    type: train
                    inputs: {train: "${steps.parts.outputs.train}", test: "${steps.parts.outputs.test}"}
                    params:
                      target: late
                      features: {numeric: [distance]}
                      models: [{algorithm: logistic_regression}]
                  gate:
                    type: gate
                    inputs: {metrics: "${steps.train.outputs.metrics}", model: "${steps.train.outputs.model}"}
                    params: {thresholds: {roc_auk: 0.6}}
                """, "line 20: step 'gate' (gate): Unknown metric 'roc_auk'");
    }

    @Test
    void anUndeclaredParameterListsTheDeclaredOnes() {
        assertError("""
                name: p
                steps:
                  features:
                    type: sql
                    params:
                      query: SELECT 1
                """, "line 6: step 'features' (sql) has no parameter 'query'; its parameters: sql (string, required)");
    }

    @Test
    void aMissingInput() {
        assertError("""
                name: p
                steps:
                  check:
                    type: validate
                    params: {rules: {}}
                """, "line 3: step 'check' (validate) needs input 'table'");
    }

    @Test
    void anUnknownFieldAndBrokenYaml() {
        assertError("""
                name: p
                steps:
                  features:
                    type: sql
                    params: {sql: SELECT 1}
                    retry: 3
                """, "line 6: unknown field 'retry'; expected one of [cache, inputs, params, retries, type]");
        assertError("name: p\nsteps: [a\n", "line 2: not valid YAML");
    }

    private static final String WITH_RUN_PARAMS = """
            name: monthly
            params:
              month: "2026-01"
              seed: 7
              min_rows: 1
            steps:
              source:
                type: dataset
                params: {name: "flights-${params.month}", path: "flights-${params.month}.csv"}
              split:
                type: split
                inputs:
                  table: ${steps.source.outputs.dataset}
                params: {ratios: {train: 0.8, test: 0.2}, seed: "${params.seed}"}
              check:
                type: validate
                inputs:
                  table: ${steps.split.outputs.train}
                params: {rules: {row_count: {min: "${params.min_rows}"}}}
            """;

    @Test
    void runParametersAreReplacedWithTheirDefaultsOrTheRunsValues() {
        PipelineSpec defaults = reader.read(WITH_RUN_PARAMS, FOLDER);
        assertThat(defaults.steps().get(0).params().path("name").asText()).isEqualTo("flights-2026-01");
        assertThat(defaults.steps().get(0).params().path("path").asText()).isEqualTo("flights-2026-01.csv");
        assertThat(defaults.steps().get(1).params().path("seed").isIntegralNumber()).as("a whole reference keeps the type").isTrue();
        assertThat(defaults.steps().get(1).params().path("seed").asLong()).isEqualTo(7);
        assertThat(defaults.params().keySet()).containsExactly("month", "seed", "min_rows");
        assertThat(defaults.steps().get(2).params().at("/rules/row_count/min").isIntegralNumber()).as("also deep inside an object").isTrue();
        assertThat(reader.read(WITH_RUN_PARAMS, FOLDER, Map.of("min_rows", "500")).steps().get(2).params().at("/rules/row_count/min").asLong())
                .isEqualTo(500);

        PipelineSpec february = reader.read(WITH_RUN_PARAMS, FOLDER, Map.of("month", "2026-02", "seed", "11"));
        assertThat(february.steps().get(0).params().path("name").asText()).isEqualTo("flights-2026-02");
        assertThat(february.steps().get(1).params().path("seed").asLong()).isEqualTo(11);
        assertThat(february.params().get("month").asText()).isEqualTo("2026-02");
    }

    @Test
    void wrongRunParametersFailBeforeAnythingRuns() {
        assertThatThrownBy(() -> reader.read(WITH_RUN_PARAMS, FOLDER, Map.of("monht", "2026-02")))
                .hasMessage("line 2: the pipeline has no run parameter 'monht'; its run parameters: month, seed, min_rows");
        assertThatThrownBy(() -> reader.read(WITH_RUN_PARAMS, FOLDER, Map.of("seed", "many")))
                .hasMessage("line 4: run parameter 'seed' is a number, not 'many'");
        assertThatThrownBy(() -> reader.read(WITH_RUN_PARAMS, FOLDER, Map.of("seed", "7.5")))
                .hasMessage("line 4: run parameter 'seed' is a whole number (its default is 7), not '7.5'");
        assertThat(reader.read(WITH_RUN_PARAMS, FOLDER, Map.of("seed", "7.0")).steps().get(1).params().path("seed").asLong()).isEqualTo(7);
        assertError("""
                name: p
                params: {seed: "seven"}
                steps:
                  source: {type: dataset, params: {name: x, path: x.csv}}
                  split:
                    type: split
                    inputs: {table: "${steps.source.outputs.dataset}"}
                    params: {ratios: {train: 0.5, test: 0.5}, seed: "${params.seed}"}
                """, "line 8: step 'split': parameter 'seed' must be integer, not string 'seven'");
        assertError("""
                name: p
                steps:
                  source:
                    type: dataset
                    params: {name: "${params.month}"}
                """, "line 5: step 'source' refers to ${params.month}, but the pipeline declares no run parameter 'month'; declare it under 'params'");
        assertError("""
                name: p
                params:
                  month: [1, 2]
                steps:
                  source:
                    type: dataset
                    params: {name: x}
                """, "line 3: run parameter 'month' needs a default that is a text, a number or true/false");
        assertError("""
                name: p
                params:
                  dry_run: false
                steps:
                  source:
                    type: dataset
                    params: {name: x}
                """.replace("dry_run: false", "dry_run: false\n  2bad: 1"), "line 4: run parameter name '2bad' must be letters");
        assertThatThrownBy(() -> reader.read("""
                name: p
                params:
                  dry_run: false
                steps:
                  source:
                    type: dataset
                    params: {name: x}
                """, FOLDER, Map.of("dry_run", "yes"))).hasMessage("line 3: run parameter 'dry_run' is true or false, not 'yes'");
    }

    private void assertError(String yaml, String message) {
        assertThatThrownBy(() -> reader.read(yaml, FOLDER)).isInstanceOf(CairnException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }
}
