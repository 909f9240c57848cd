package dev.cairn.cli;

import dev.cairn.model.testing.BreastCancerModel;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The smallest training of the example flights data that tunes: three days of January and
 * February at three airports, a logistic regression grid and two XGBoost trials (nested runs), a
 * gate and a registered version with alias {@code champion}.
 */
final class SmallFlightsSpec {
    private SmallFlightsSpec() {
    }

    /**
     * Writes the spec into {@code work}; {@code gate} is the YAML of its gate, and {@code validation}
     * (YAML) goes next to it when given.
     */
    static Path write(Path work, String gate, String validation) throws Exception {
        Path flights = BreastCancerModel.exampleData().resolve("flights-3m.parquet").toAbsolutePath();
        String yaml = """
                experiment: flights-delay
                seed: 7
                datasets:
                  flights:
                    file: %s
                transform:
                  name: features
                  sql: |
                    SELECT date, CAST(hour(date) AS INTEGER) AS hour, isodow(date) AS weekday, distance, origin, destination,
                           CASE WHEN distance > 700 THEN distance END AS long_haul,
                           CAST(delay > 15 AS INTEGER) AS late
                    FROM flights
                    WHERE day(date) <= 3 AND month(date) <= 2 AND origin IN ('ORD', 'ATL', 'DFW')
                %s
                split:
                  time:
                    column: date
                    parts:
                      train: {from: "2001-01-01", to: "2001-02-01"}
                      test: {from: "2001-02-01", to: "2001-03-01"}
                target: late
                positive_class: "1"
                features:
                  numeric: [distance]
                  one_hot: [hour, weekday, origin, destination]
                  max_categories: 20
                models:
                  - algorithm: logistic_regression
                    search:
                      grid:
                        epochs: [1, 2]
                  - algorithm: xgboost_classifier
                    params: {trees: 20}
                    search:
                      random:
                        trials: 2
                        params:
                          max_depth: [3, 4]
                          eta: {min: 0.1, max: 0.3}
                tuning:
                  folds: 2
                  metric: roc_auc
                  parallelism: 2
                evaluation:
                  slices: [origin]
                gate:
                  %s
                register:
                  model: flights-delay
                  alias: champion
                """.formatted(flights, validation.isEmpty() ? "" : "validation: validation.yaml", gate);
        Path file = work.resolve("train.yaml");
        Files.writeString(file, yaml);
        if (!validation.isEmpty()) {
            Files.writeString(work.resolve("validation.yaml"), validation);
        }
        return file;
    }
}
