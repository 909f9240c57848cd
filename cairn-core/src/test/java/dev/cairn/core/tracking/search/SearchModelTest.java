package dev.cairn.core.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.cairn.core.tracking.search.FilterValue.NoValue;
import dev.cairn.core.tracking.search.FilterValue.NumberValue;
import dev.cairn.core.tracking.search.FilterValue.StringListValue;
import dev.cairn.core.tracking.search.FilterValue.StringValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchModelTest {

    @Test
    void operatorSymbols() {
        assertThat(Arrays.stream(Operator.values()).map(Operator::symbol)).containsExactly(
                "=", "!=", ">", ">=", "<", "<=", "LIKE", "ILIKE", "IN", "NOT IN", "IS NULL", "IS NOT NULL");
    }

    @Test
    void comparisonRejectsValueThatDoesNotFitTheOperator() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Comparison(EntityType.TAG, "a", Operator.IS_NULL, new StringValue("x")));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Comparison(EntityType.TAG, "a", Operator.IN, new StringValue("x")));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Comparison(EntityType.TAG, "a", Operator.EQ, new NoValue()));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Comparison(EntityType.TAG, "a", Operator.EQ, new StringListValue(List.of("x"))));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new Comparison(EntityType.TAG, "", Operator.EQ, new StringValue("x")));
        assertThatNullPointerException().isThrownBy(
                () -> new Comparison(EntityType.TAG, null, Operator.EQ, new StringValue("x")));
    }

    @Test
    void valuesValidateTheirContents() {
        assertThatIllegalArgumentException().isThrownBy(() -> new NumberValue(Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> new NumberValue(Double.POSITIVE_INFINITY));
        assertThatIllegalArgumentException().isThrownBy(() -> new StringListValue(List.of()));
        assertThatNullPointerException().isThrownBy(() -> new StringValue(null));
    }

    @Test
    void listsAreCopied() {
        List<String> values = new ArrayList<>(List.of("a"));
        StringListValue list = new StringListValue(values);
        values.add("b");
        assertThat(list.values()).containsExactly("a");

        List<Comparison> comparisons = new ArrayList<>();
        SearchFilter filter = new SearchFilter(comparisons);
        comparisons.add(new Comparison(EntityType.TAG, "a", Operator.EQ, new StringValue("x")));
        assertThat(filter.comparisons()).isEmpty();
    }

    @Test
    void orderByRejectsEmptyKey() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderBy(EntityType.METRIC, "", true));
        assertThatNullPointerException().isThrownBy(() -> new OrderBy(null, "a", true));
    }
}
