package dev.cairn.serve.log;

import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoggedRowTest {
    private static final Frame THREE_ROWS = new Frame(List.of(
            new Column.Numbers("visits", ColumnType.LONG, new double[] {1, 2, 3}, new boolean[] {false, true, false}),
            Column.Numbers.ofDoubles("score", new double[] {0.5, Double.NaN, 0.25}),
            new Column.Strings("city", new String[] {"Oslo", "Rome", "a\"b"})));

    @Test
    void rendersItsRowAsRowJsonDoes() {
        for (int row = 0; row < 3; row++) {
            assertThat(new LoggedRow(THREE_ROWS, row).json()).isEqualTo(RowJson.of(THREE_ROWS, row));
        }
        assertThat(new LoggedRow(THREE_ROWS, 1).json()).isEqualTo("{\"visits\":null,\"score\":null,\"city\":\"Rome\"}");
    }

    @Test
    void detachedKeepsOnlyItsRow() {
        LoggedRow detached = new LoggedRow(THREE_ROWS, 2).detached();

        assertThat(detached.frame().rowCount()).isEqualTo(1);
        assertThat(detached.json()).isEqualTo(new LoggedRow(THREE_ROWS, 2).json());
        assertThat(detached.detached()).isSameAs(detached);
    }

    @Test
    void aRecordOfOneRowFramesIsAlreadyDetached() {
        LoggedRow single = new LoggedRow(THREE_ROWS, 0).detached();
        PredictionRecord record = new PredictionRecord("p", "d", "m", 1, "stable", 0, 0, single, single);
        PredictionRecord large = new PredictionRecord("p", "d", "m", 1, "stable", 0, 0, new LoggedRow(THREE_ROWS, 1), single);

        assertThat(record.detached()).isSameAs(record);
        assertThat(large.detached().inputs().frame().rowCount()).isEqualTo(1);
        assertThat(large.detached().inputsJson()).isEqualTo(large.inputsJson());
        assertThat(large.detached().outputsJson()).isEqualTo(large.outputsJson());
    }

    @Test
    void rejectsARowOutsideTheFrame() {
        assertThatThrownBy(() -> new LoggedRow(THREE_ROWS, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
