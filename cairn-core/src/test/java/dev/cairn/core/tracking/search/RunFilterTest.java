package dev.cairn.core.tracking.search;

import static dev.cairn.core.tracking.search.SearchErrors.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.tracking.search.FilterValue.NoValue;
import dev.cairn.core.tracking.search.FilterValue.NumberValue;
import dev.cairn.core.tracking.search.FilterValue.StringListValue;
import dev.cairn.core.tracking.search.FilterValue.StringValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RunFilterTest {

    private static Comparison single(String filter) {
        List<Comparison> comparisons = SearchFilter.parseRunFilter(filter).comparisons();
        assertThat(comparisons).hasSize(1);
        return comparisons.get(0);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void blankFilterHasNoComparisons(String filter) {
        assertThat(SearchFilter.parseRunFilter(filter).comparisons()).isEmpty();
    }

    @Test
    void parsesMetricComparison() {
        assertThat(single("metrics.rmse < 1"))
                .isEqualTo(new Comparison(EntityType.METRIC, "rmse", Operator.LT, new NumberValue(1)));
    }

    @ParameterizedTest
    @CsvSource({"=,EQ", "!=,NOT_EQ", ">,GT", ">=,GTE", "<,LT", "<=,LTE"})
    void parsesEveryMetricOperatorWithAndWithoutSpaces(String symbol, Operator operator) {
        assertThat(single("metrics.rmse " + symbol + " 0.5").operator()).isEqualTo(operator);
        assertThat(single("metrics.rmse" + symbol + "0.5").operator()).isEqualTo(operator);
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1", "-1, -1", "0.5, 0.5", ".5, 0.5", "-.5, -0.5", "1., 1", "+2, 2", "1e3, 1000",
        "1E-3, 0.001", "-2.5e+2, -250", "007, 7", "1700000000000, 1700000000000"
    })
    void parsesNumberFormats(String literal, double expected) {
        assertThat(single("metrics.m > " + literal).value()).isEqualTo(new NumberValue(expected));
    }

    @Test
    void parsesStringsInEitherQuote() {
        assertThat(single("params.model = 'tree'"))
                .isEqualTo(new Comparison(EntityType.PARAM, "model", Operator.EQ, new StringValue("tree")));
        assertThat(single("params.model = \"tree\"").value()).isEqualTo(new StringValue("tree"));
        assertThat(single("params.model = ''").value()).isEqualTo(new StringValue(""));
    }

    @Test
    void doubledQuoteEscapesItself() {
        assertThat(single("params.note = 'it''s'").value()).isEqualTo(new StringValue("it's"));
        assertThat(single("params.note = \"say \"\"hi\"\"\"").value()).isEqualTo(new StringValue("say \"hi\""));
        assertThat(single("params.note = \"it's\"").value()).isEqualTo(new StringValue("it's"));
    }

    @Test
    void keepsSpacesAndKeywordsInsideStrings() {
        assertThat(single("tags.note = ' a AND b OR c '").value()).isEqualTo(new StringValue(" a AND b OR c "));
    }

    @ParameterizedTest
    @CsvSource({
        "metric, METRIC", "metrics, METRIC", "METRICS, METRIC",
        "param, PARAM", "params, PARAM", "parameter, PARAM", "parameters, PARAM",
        "tag, TAG", "tags, TAG", "Tags, TAG"
    })
    void acceptsEveryPrefix(String prefix, EntityType type) {
        String value = type == EntityType.METRIC ? "1" : "'1'";
        Comparison comparison = single(prefix + ".key = " + value);
        assertThat(comparison.type()).isEqualTo(type);
        assertThat(comparison.key()).isEqualTo("key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "attribute.status", "attributes.status", "attr.status", "run.status", "`status`",
        "\"status\"", "attributes.`status`"})
    void acceptsEveryAttributeSpelling(String identifier) {
        assertThat(single(identifier + " = 'FINISHED'"))
                .isEqualTo(new Comparison(EntityType.ATTRIBUTE, "status", Operator.EQ, new StringValue("FINISHED")));
    }

    @Test
    void keysMayContainDotsDashesAndSlashes() {
        assertThat(single("metrics.val.loss < 1").key()).isEqualTo("val.loss");
        assertThat(single("tags.mlflow.runName = 'x'").key()).isEqualTo("mlflow.runName");
        assertThat(single("tags.team-name/sub_1 = 'x'").key()).isEqualTo("team-name/sub_1");
        assertThat(single("metrics.a-b>-1").value()).isEqualTo(new NumberValue(-1));
    }

    @Test
    void parsesQuotedKeys() {
        assertThat(single("metrics.`my metric` > 1"))
                .isEqualTo(new Comparison(EntityType.METRIC, "my metric", Operator.GT, new NumberValue(1)));
        assertThat(single("params.\"lr rate\" = '0.1'"))
                .isEqualTo(new Comparison(EntityType.PARAM, "lr rate", Operator.EQ, new StringValue("0.1")));
        assertThat(single("tags.`a.b c` = 'x'").key()).isEqualTo("a.b c");
        assertThat(single("tags.`odd``key` = 'x'").key()).isEqualTo("odd`key");
        assertThat(single("tags.`weird = 'key'` = 'x'").key()).isEqualTo("weird = 'key'");
        assertThat(single("metrics.`m`<1").value()).isEqualTo(new NumberValue(1));
    }

    @Test
    void parsesPatternsListsAndNullTests() {
        assertThat(single("params.model LIKE 'tree%'"))
                .isEqualTo(new Comparison(EntityType.PARAM, "model", Operator.LIKE, new StringValue("tree%")));
        assertThat(single("tags.team ILIKE '%risk%'").operator()).isEqualTo(Operator.ILIKE);
        assertThat(single("tags.team IN ('a', \"b\" ,'c')"))
                .isEqualTo(new Comparison(EntityType.TAG, "team", Operator.IN, new StringListValue(List.of("a", "b", "c"))));
        assertThat(single("tags.team NOT IN ('a')"))
                .isEqualTo(new Comparison(EntityType.TAG, "team", Operator.NOT_IN, new StringListValue(List.of("a"))));
        assertThat(single("tags.team IN('a','b')").value()).isEqualTo(new StringListValue(List.of("a", "b")));
        assertThat(single("params.seed IS NULL"))
                .isEqualTo(new Comparison(EntityType.PARAM, "seed", Operator.IS_NULL, new NoValue()));
        assertThat(single("tags.team IS NOT NULL"))
                .isEqualTo(new Comparison(EntityType.TAG, "team", Operator.IS_NOT_NULL, new NoValue()));
    }

    @Test
    void keywordsIgnoreCase() {
        List<Comparison> comparisons = SearchFilter.parseRunFilter(
                "params.a like 'x' and tags.b Ilike 'y' AnD tags.c not in ('z') and tags.d is not null"
                        + " and tags.e In ('v') and tags.f is null and tags.g NoT   In ('w')")
                .comparisons();
        assertThat(comparisons).extracting(Comparison::operator).containsExactly(
                Operator.LIKE, Operator.ILIKE, Operator.NOT_IN, Operator.IS_NOT_NULL, Operator.IN,
                Operator.IS_NULL, Operator.NOT_IN);
    }

    @Test
    void parsesConjunctionInOrder() {
        SearchFilter filter = SearchFilter.parseRunFilter(
                "metrics.rmse < 1 AND params.model = 'tree' AND status = 'FINISHED'");
        assertThat(filter.comparisons()).containsExactly(
                new Comparison(EntityType.METRIC, "rmse", Operator.LT, new NumberValue(1)),
                new Comparison(EntityType.PARAM, "model", Operator.EQ, new StringValue("tree")),
                new Comparison(EntityType.ATTRIBUTE, "status", Operator.EQ, new StringValue("FINISHED")));
    }

    @Test
    void toleratesAnyWhitespace() {
        assertThat(SearchFilter.parseRunFilter("\n  metrics.a>1\tAND\n\tparams.b='c'  ").comparisons()).hasSize(2);
        assertThat(SearchFilter.parseRunFilter("params.b='c'AND metrics.a>1").comparisons()).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({
        "created, start_time", "Created, start_time", "attributes.created, start_time",
        "start_time, start_time", "end_time, end_time"
    })
    void numericAttributesAndTheirAliases(String identifier, String canonical) {
        assertThat(single(identifier + " >= 1700000000000"))
                .isEqualTo(new Comparison(EntityType.ATTRIBUTE, canonical, Operator.GTE, new NumberValue(1700000000000d)));
    }

    @ParameterizedTest
    @CsvSource({
        "run_id, run_id", "run_uuid, run_id", "name, run_name", "run_name, run_name", "status, status",
        "user_id, user_id", "artifact_uri, artifact_uri", "lifecycle_stage, lifecycle_stage",
        "attributes.run_uuid, run_id", "attr.name, run_name"
    })
    void stringAttributesAndTheirAliases(String identifier, String canonical) {
        assertThat(single(identifier + " LIKE 'a%'").key()).isEqualTo(canonical);
        assertThat(single(identifier + " NOT IN ('a', 'b')").operator()).isEqualTo(Operator.NOT_IN);
    }

    @Test
    void aliasesApplyOnlyToAttributes() {
        assertThat(single("tags.name = 'x'").key()).isEqualTo("name");
        assertThat(single("metrics.created > 1").key()).isEqualTo("created");
    }

    @Test
    void reportsUnexpectedTokenWithPosition() {
        assertThatThrownBy(() -> SearchFilter.parseRunFilter("metrics.rmse <<1"))
                .isInstanceOf(CairnException.class)
                .hasMessageStartingWith("Invalid filter 'metrics.rmse <<1': unexpected '<' at position 14")
                .extracting(error -> ((CairnException) error).code())
                .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }

    @Test
    void rejectsOr() {
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.a > 1 OR metrics.b > 1"),
                "OR is not supported; combine conditions with AND", "position 14");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.a > 1 or metrics.b > 1"), "OR is not supported");
    }

    @Test
    void rejectsParentheses() {
        assertInvalid(() -> SearchFilter.parseRunFilter("(metrics.a > 1)"),
                "parentheses for grouping are not supported", "position 0");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.a > 1 AND (metrics.b > 1)"),
                "parentheses for grouping are not supported", "position 18");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.a > 1)"), "unexpected ')' at position 13",
                "expected AND or the end of the filter");
    }

    @Test
    void rejectsMissingOrExtraConjunctions() {
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.a > 1 AND"),
                "unexpected end of filter at position 17", "expected an identifier");
        assertInvalid(() -> SearchFilter.parseRunFilter("AND metrics.a > 1"), "unknown attribute 'AND'");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.a > 1 metrics.b > 2"),
                "unexpected 'metrics.b' at position 14", "expected AND");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.a > 1 AND AND metrics.b > 2"),
                "unknown attribute 'AND' at position 18");
    }

    @Test
    void rejectsUnknownAttributeListingValidOnes() {
        assertInvalid(() -> SearchFilter.parseRunFilter("foo = 'x'"),
                "unknown attribute 'foo' at position 0",
                "run_id, run_name, status, user_id, artifact_uri, lifecycle_stage, start_time, end_time");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.a > 1 and attributes.foo = 'x'"),
                "unknown attribute 'attributes.foo' at position 18");
        assertInvalid(() -> SearchFilter.parseRunFilter("Status = 'x'"), "unknown attribute 'Status'");
    }

    @Test
    void rejectsUnknownPrefix() {
        assertInvalid(() -> SearchFilter.parseRunFilter("metricz.rmse > 1"),
                "unknown prefix 'metricz' in 'metricz.rmse' at position 0", "metrics., params., tags. or attributes.");
        assertInvalid(() -> SearchFilter.parseRunFilter("datasets.name = 'x'"), "unknown prefix 'datasets'");
    }

    @Test
    void rejectsMalformedKeys() {
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics. > 1"),
                "missing key after 'metrics.' at position 8", "metrics.`my key`");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.`` > 1"), "empty quoted key at position 8");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.`rmse > 1"),
                "unterminated quoted key starting at position 8", "close it with `");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.\"lr = 'x'"),
                "unterminated quoted key starting at position 7");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.`a`b > 1"), "unexpected 'b' at position 11");
        assertInvalid(() -> SearchFilter.parseRunFilter("= 1"), "unexpected '=' at position 0",
                "expected an identifier");
    }

    @Test
    void rejectsBadOperators() {
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.rmse"),
                "unexpected end of filter at position 12", "expected an operator (=, !=, >, >=, <, <=)");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.rmse ~ 1"), "unexpected '~' at position 13");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.rmse ! 1"), "unexpected '!' at position 13");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.rmse == 1"), "unexpected '=' at position 14");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a CONTAINS 'x'"),
                "unexpected 'CONTAINS' at position 9",
                "=, !=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a NOT LIKE 'x'"),
                "unexpected 'LIKE' at position 13", "expected IN after NOT at position 9");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a IS 'x'"),
                "unexpected ''' at position 12", "NULL or NOT NULL after IS");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a IS NOT"), "unexpected end of filter at position 15");
    }

    @Test
    void rejectsOperatorNotAllowedForTheIdentifier() {
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.rmse LIKE '1'"),
                "operator LIKE at position 13 is not allowed for 'metrics.rmse'; allowed operators are =, !=, >, >=, <, <=");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.rmse IS NULL"), "operator IS NULL");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.lr > '1'"),
                "operator > at position 10 is not allowed for 'params.lr'",
                "=, !=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL");
        assertInvalid(() -> SearchFilter.parseRunFilter("status >= 'x'"),
                "operator >= at position 7 is not allowed for 'status'", "=, !=, LIKE, ILIKE, IN, NOT IN");
        assertInvalid(() -> SearchFilter.parseRunFilter("status IS NOT NULL"), "operator IS NOT NULL");
        assertInvalid(() -> SearchFilter.parseRunFilter("created IN ('1')"),
                "operator IN at position 8 is not allowed for 'created'");
    }

    @Test
    void rejectsValueOfTheWrongType() {
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.rmse = 'abc'"),
                "'metrics.rmse' = expects a number, but got the string 'abc' at position 15");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.lr = 0.1"),
                "'params.lr' = expects a quoted string, but got the number 0.1 at position 12");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.lr = ('a')"), "but got the list ('a')");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.lr IN 'a'"),
                "IN expects a list of quoted strings such as ('a', 'b'), but got the string 'a'");
        assertInvalid(() -> SearchFilter.parseRunFilter("start_time > '2024'"),
                "'start_time' > expects a number, but got the string '2024'");
        assertInvalid(() -> SearchFilter.parseRunFilter("status = FINISHED"),
                "unexpected 'FINISHED' at position 9", "expected a quoted string, so quote the value: 'FINISHED'");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.rmse = abc"),
                "unexpected 'abc' at position 15; expected a number");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a = NULL"), "unexpected NULL at position 11", "IS NULL");
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.rmse >"),
                "unexpected end of filter at position 14; expected a number");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1.2.3|1.2.3", "1e|1e", "-|-", "1abc|1abc", "--1|--1", "1-2|1-2", ".|.", "+x|+x"})
    void rejectsMalformedNumbers(String literal, String reported) {
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.m > " + literal),
                "malformed number '" + reported + "' at position 12");
    }

    @Test
    void rejectsNumbersTooLarge() {
        assertInvalid(() -> SearchFilter.parseRunFilter("metrics.m > 1e999"), "number 1e999 at position 12 is too large");
    }

    @Test
    void rejectsMalformedStringsAndLists() {
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a = 'x"), "unterminated string starting at position 11");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a = 'it''s"), "unterminated string");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a IN ()"), "empty list at position 12");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a IN ( )"), "empty list at position 12");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a IN ('x',)"),
                "unexpected ')' at position 17", "expected a quoted string in the list opened at position 12");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a IN (1, 2)"),
                "unexpected '1' at position 13", "quoted string");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a IN ('x'"),
                "unexpected end of filter at position 16", "',' or ')'");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a IN ('x' 'y')"),
                "unexpected ''' at position 17");
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a IN ('x'; 'y')"), "unexpected ';' at position 16");
    }

    @Test
    void messageQuotesTheWholeFilter() {
        assertInvalid(() -> SearchFilter.parseRunFilter("params.a = 1"), "Invalid filter 'params.a = 1': ");
    }
}
