package dev.cairn.core.tracking.search;

import static dev.cairn.core.tracking.search.SearchErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrderByTest {

    @Test
    void defaultsToAscending() {
        assertThat(OrderBy.parseRunOrderBy("metrics.rmse")).isEqualTo(new OrderBy(EntityType.METRIC, "rmse", true));
    }

    @ParameterizedTest
    @CsvSource({"ASC, true", "asc, true", "DESC, false", "desc, false", "Desc, false"})
    void readsDirectionIgnoringCase(String direction, boolean ascending) {
        assertThat(OrderBy.parseRunOrderBy("metrics.rmse " + direction).ascending()).isEqualTo(ascending);
    }

    @Test
    void parsesEveryEntityTypeAndKeyForm() {
        assertThat(OrderBy.parseRunOrderBy("params.lr DESC")).isEqualTo(new OrderBy(EntityType.PARAM, "lr", false));
        assertThat(OrderBy.parseRunOrderBy("tags.mlflow.runName")).isEqualTo(new OrderBy(EntityType.TAG, "mlflow.runName", true));
        assertThat(OrderBy.parseRunOrderBy("metrics.`val loss` DESC"))
                .isEqualTo(new OrderBy(EntityType.METRIC, "val loss", false));
        assertThat(OrderBy.parseRunOrderBy("params.\"lr rate\"")).isEqualTo(new OrderBy(EntityType.PARAM, "lr rate", true));
        assertThat(OrderBy.parseRunOrderBy("  metrics.val.loss\tdesc  ")).isEqualTo(new OrderBy(EntityType.METRIC, "val.loss", false));
        assertThat(OrderBy.parseRunOrderBy("metrics.`m`DESC").ascending()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "start_time, start_time", "created, start_time", "Created, start_time", "attributes.created, start_time",
        "end_time, end_time", "run_name, run_name", "name, run_name", "status, status", "run_id, run_id",
        "run_uuid, run_id", "user_id, user_id", "artifact_uri, artifact_uri", "attr.status, status",
        "`start_time`, start_time"
    })
    void runAttributesAndAliasesComeBackCanonical(String identifier, String canonical) {
        assertThat(OrderBy.parseRunOrderBy(identifier + " DESC"))
                .isEqualTo(new OrderBy(EntityType.ATTRIBUTE, canonical, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "experiment_id", "creation_time", "last_update_time", "attributes.name"})
    void parsesExperimentAttributes(String identifier) {
        OrderBy orderBy = OrderBy.parseExperimentOrderBy(identifier + " DESC");
        assertThat(orderBy.type()).isEqualTo(EntityType.ATTRIBUTE);
        assertThat(orderBy.key()).isEqualTo(identifier.replace("attributes.", ""));
        assertThat(orderBy.ascending()).isFalse();
    }

    @Test
    void rejectsUnknownRunAttributes() {
        assertInvalid(() -> OrderBy.parseRunOrderBy("lifecycle_stage"),
                "Invalid order_by clause 'lifecycle_stage': cannot order runs by attribute 'lifecycle_stage' at position 0",
                "start_time, end_time, run_name, status, run_id, user_id, artifact_uri");
        assertInvalid(() -> OrderBy.parseRunOrderBy("foo DESC"), "cannot order runs by attribute 'foo'");
        assertInvalid(() -> OrderBy.parseRunOrderBy("metricz.rmse"), "unknown prefix 'metricz'");
    }

    @Test
    void rejectsWhatExperimentsCannotBeOrderedBy() {
        assertInvalid(() -> OrderBy.parseExperimentOrderBy("tags.team"),
                "experiments cannot be ordered by tags, but found 'tags.team' at position 0",
                "name, experiment_id, creation_time, last_update_time");
        assertInvalid(() -> OrderBy.parseExperimentOrderBy("metrics.rmse DESC"), "experiments cannot be ordered by metrics");
        assertInvalid(() -> OrderBy.parseExperimentOrderBy("start_time"),
                "cannot order experiments by attribute 'start_time'");
        assertInvalid(() -> OrderBy.parseExperimentOrderBy("created"), "cannot order experiments by attribute 'created'");
    }

    @Test
    void rejectsMalformedClauses() {
        assertInvalid(() -> OrderBy.parseRunOrderBy(""), "Invalid order_by clause '': the clause is empty",
                "metrics.rmse DESC");
        assertInvalid(() -> OrderBy.parseExperimentOrderBy("   "), "the clause is empty", "creation_time DESC");
        assertInvalid(() -> OrderBy.parseRunOrderBy("metrics.rmse sideways"),
                "unexpected 'sideways' at position 13", "expected ASC, DESC or the end of the clause");
        assertInvalid(() -> OrderBy.parseRunOrderBy("metrics.rmse DESC extra"),
                "unexpected 'extra' at position 18", "the end of the clause after DESC");
        assertInvalid(() -> OrderBy.parseRunOrderBy("metrics.a, metrics.b"), "unexpected ',' at position 9");
        assertInvalid(() -> OrderBy.parseRunOrderBy("metrics.rmse DESC, start_time"), "unexpected ',' at position 17");
        assertInvalid(() -> OrderBy.parseRunOrderBy("metrics."), "missing key after 'metrics.' at position 8");
        assertInvalid(() -> OrderBy.parseRunOrderBy("metrics.`rmse"), "unterminated quoted key starting at position 8");
        assertInvalid(() -> OrderBy.parseRunOrderBy("(metrics.rmse)"), "unexpected '(' at position 0");
        assertInvalid(() -> OrderBy.parseRunOrderBy("metrics.rmse < 1"), "unexpected '<' at position 13");
    }

    @Test
    void rejectsNullClause() {
        assertThatNullPointerException().isThrownBy(() -> OrderBy.parseRunOrderBy(null));
        assertThatNullPointerException().isThrownBy(() -> OrderBy.parseExperimentOrderBy(null));
    }
}
