package dev.cairn.core.tracking.search;

import static dev.cairn.core.tracking.search.SearchErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.tracking.search.FilterValue.NoValue;
import dev.cairn.core.tracking.search.FilterValue.NumberValue;
import dev.cairn.core.tracking.search.FilterValue.StringListValue;
import dev.cairn.core.tracking.search.FilterValue.StringValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ExperimentFilterTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = " ")
    void blankFilterHasNoComparisons(String filter) {
        assertThat(SearchFilter.parseExperimentFilter(filter).comparisons()).isEmpty();
    }

    @Test
    void parsesAttributesAndTags() {
        SearchFilter filter = SearchFilter.parseExperimentFilter(
                "name LIKE 'fraud%' and tags.team = 'risk' AND creation_time > 1700000000000"
                        + " AND attributes.last_update_time <= 5 AND experiment_id IN ('1', '2')"
                        + " AND experiment_id != '3' AND tags.`owner name` IS NULL AND attr.name ILIKE '%x'");
        assertThat(filter.comparisons()).containsExactly(
                new Comparison(EntityType.ATTRIBUTE, "name", Operator.LIKE, new StringValue("fraud%")),
                new Comparison(EntityType.TAG, "team", Operator.EQ, new StringValue("risk")),
                new Comparison(EntityType.ATTRIBUTE, "creation_time", Operator.GT, new NumberValue(1700000000000d)),
                new Comparison(EntityType.ATTRIBUTE, "last_update_time", Operator.LTE, new NumberValue(5)),
                new Comparison(EntityType.ATTRIBUTE, "experiment_id", Operator.IN, new StringListValue(List.of("1", "2"))),
                new Comparison(EntityType.ATTRIBUTE, "experiment_id", Operator.NOT_EQ, new StringValue("3")),
                new Comparison(EntityType.TAG, "owner name", Operator.IS_NULL, new NoValue()),
                new Comparison(EntityType.ATTRIBUTE, "name", Operator.ILIKE, new StringValue("%x")));
    }

    @Test
    void rejectsMetricsAndParams() {
        assertInvalid(() -> SearchFilter.parseExperimentFilter("metrics.rmse < 1"),
                "metrics cannot be used to filter experiments, but found 'metrics.rmse' at position 0",
                "tags.<key>", "name, creation_time, last_update_time, experiment_id");
        assertInvalid(() -> SearchFilter.parseExperimentFilter("name = 'a' AND params.lr = '1'"),
                "params cannot be used to filter experiments, but found 'params.lr' at position 15");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "run_name", "created", "lifecycle_stage", "start_time"})
    void rejectsRunAttributesAndAliases(String attribute) {
        assertInvalid(() -> SearchFilter.parseExperimentFilter(attribute + " = 'x'"),
                "unknown attribute '" + attribute + "' at position 0",
                "attributes that can filter experiments are name, creation_time, last_update_time, experiment_id");
    }

    @Test
    void rejectsOperatorsAttributesDoNotSupport() {
        assertInvalid(() -> SearchFilter.parseExperimentFilter("name IN ('a')"),
                "operator IN at position 5 is not allowed for 'name'; allowed operators are =, !=, LIKE, ILIKE");
        assertInvalid(() -> SearchFilter.parseExperimentFilter("experiment_id LIKE '1%'"),
                "operator LIKE at position 14 is not allowed for 'experiment_id'; allowed operators are =, !=, IN, NOT IN");
        assertInvalid(() -> SearchFilter.parseExperimentFilter("creation_time LIKE '1'"),
                "allowed operators are =, !=, >, >=, <, <=");
        assertInvalid(() -> SearchFilter.parseExperimentFilter("name IS NULL"), "operator IS NULL");
    }

    @Test
    void rejectsValuesOfTheWrongType() {
        assertInvalid(() -> SearchFilter.parseExperimentFilter("experiment_id = 1"),
                "'experiment_id' = expects a quoted string, but got the number 1");
        assertInvalid(() -> SearchFilter.parseExperimentFilter("creation_time > 'yesterday'"),
                "'creation_time' > expects a number, but got the string 'yesterday'");
    }

    @Test
    void rejectsOr() {
        assertInvalid(() -> SearchFilter.parseExperimentFilter("name = 'a' OR name = 'b'"),
                "Invalid filter 'name = 'a' OR name = 'b'': found OR at position 11",
                "OR is not supported; combine conditions with AND");
    }
}
