package dev.cairn.serve.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.model.signature.Signature;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class InvocationsCodecTest {
    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Signature IRIS = new Signature(List.of(
            new ColumnSpec("sepal_length", ColumnType.DOUBLE, false),
            new ColumnSpec("petal_count", ColumnType.LONG, false),
            new ColumnSpec("species", ColumnType.STRING, true)), List.of());
    private static final Signature SINGLE = new Signature(List.of(new ColumnSpec("x", ColumnType.DOUBLE, false)), List.of());

    /** The frame that every valid IRIS request below describes. */
    private static final Frame EXPECTED = new Frame(List.of(
            new Column.Numbers("sepal_length", ColumnType.DOUBLE, new double[] {5.1, 6.0}, new boolean[2]),
            new Column.Numbers("petal_count", ColumnType.LONG, new double[] {3, 4}, new boolean[2]),
            new Column.Strings("species", new String[] {"setosa", null})));

    private static Frame read(String body) {
        return InvocationsCodec.read(JSON, body.getBytes(StandardCharsets.UTF_8), IRIS);
    }

    private static CairnException failure(String contentType, String body, Signature signature) {
        return catchThrowableOfType(CairnException.class,
                () -> InvocationsCodec.read(contentType, body.getBytes(StandardCharsets.UTF_8), signature));
    }

    private static CairnException failure(String body) {
        return failure(JSON, body, IRIS);
    }

    @Test
    void readsDataframeSplitWithItsIndex() {
        Frame frame = read("""
                {"dataframe_split": {"index": [7, 8], "columns": ["sepal_length", "petal_count", "species"],
                 "data": [[5.1, 3, "setosa"], [6.0, 4, null]]}}""");
        assertThat(frame).isEqualTo(EXPECTED);
    }

    @Test
    void readsDataframeRecordsAndTreatsAMissingKeyAsMissingValue() {
        Frame frame = read("""
                {"dataframe_records": [{"sepal_length": 5.1, "petal_count": 3, "species": "setosa"},
                                       {"sepal_length": 6, "petal_count": 4}]}""");
        assertThat(frame).isEqualTo(EXPECTED);
    }

    @Test
    void readsInstancesAsRecords() {
        Frame frame = read("""
                {"instances": [{"sepal_length": 5.1, "petal_count": 3, "species": "setosa"},
                               {"sepal_length": 6.0, "petal_count": 4, "species": null}]}""");
        assertThat(frame).isEqualTo(EXPECTED);
    }

    @Test
    void namesTheColumnsOfListsOfListsInSignatureOrder() {
        assertThat(read("{\"instances\": [[5.1, 3, \"setosa\"], [6.0, 4, null]]}")).isEqualTo(EXPECTED);
        assertThat(read("{\"inputs\": [[5.1, 3, \"setosa\"], [6.0, 4, null]], \"params\": {\"top_k\": 2}}")).isEqualTo(EXPECTED);
    }

    @Test
    void readsColumnOrientedInputs() {
        Frame frame = read("""
                {"inputs": {"sepal_length": [5.1, 6.0], "petal_count": [3, 4], "species": ["setosa", null]}}""");
        assertThat(frame).isEqualTo(EXPECTED);
    }

    @Test
    void readsScalarInstancesForASingleInputSignature() {
        Frame frame = InvocationsCodec.read(JSON, "{\"instances\": [1.5, 2, null]}".getBytes(StandardCharsets.UTF_8), SINGLE);
        assertThat(frame).isEqualTo(new Frame(List.of(
                new Column.Numbers("x", ColumnType.DOUBLE, new double[] {1.5, 2, 0}, new boolean[] {false, false, true}))));
    }

    @Test
    void refusesScalarInstancesForAMultiInputSignature() {
        CairnException error = failure("{\"instances\": [1, 2]}");
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(error.getMessage()).contains("only a model with one input", "3 inputs", "sepal_length");
    }

    @Test
    void typesValuesByColumn() {
        Frame frame = read("""
                {"dataframe_records": [{"whole": 1, "fraction": 1, "flag": true, "mixed": 1, "empty": null},
                                       {"whole": 2, "fraction": 2.5, "flag": false, "mixed": "b", "empty": null}]}""");
        assertThat(frame.column("whole").orElseThrow().type()).isEqualTo(ColumnType.LONG);
        assertThat(frame.column("fraction").orElseThrow().type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(frame.column("flag").orElseThrow())
                .isEqualTo(new Column.Numbers("flag", ColumnType.LONG, new double[] {1, 0}, new boolean[2]));
        assertThat(frame.column("mixed").orElseThrow()).isEqualTo(new Column.Strings("mixed", new String[] {"1", "b"}));
        assertThat(frame.column("empty").orElseThrow().isNull(0)).isTrue();
    }

    @Test
    void readsPythonsBareNanAsAMissingValue() {
        Frame frame = read("{\"inputs\": {\"a\": [NaN, 1.5]}}");
        assertThat(frame.columns().get(0).isNull(0)).isTrue();
        assertThat(frame.columns().get(0).isNull(1)).isFalse();
    }

    @Test
    void acceptsACharsetAndIgnoresOldFormatParameters() {
        String body = "{\"dataframe_split\": {\"columns\": [\"x\"], \"data\": [[1]]}}";
        for (String type : List.of("application/json; charset=utf-8", "Application/JSON;charset=UTF-8",
                "application/json; format=pandas-split")) {
            Frame frame = InvocationsCodec.read(type, body.getBytes(StandardCharsets.UTF_8), SINGLE);
            assertThat(frame.rowCount()).as(type).isEqualTo(1);
        }
        CairnException error = failure("application/json; charset=latin-1", body, SINGLE);
        assertThat(error.getMessage()).contains("UTF-8", "latin-1");
    }

    @Test
    void readsCsvWithQuotedCommasQuotesAndLineBreaks() {
        String csv = "sepal_length,petal_count,species\r\n5.1,3,\"setosa, \"\"the small\"\"\"\n6.0,4,\"two\nlines\"\n";
        Frame frame = InvocationsCodec.read("text/csv; charset=utf-8", csv.getBytes(StandardCharsets.UTF_8), IRIS);
        assertThat(frame).isEqualTo(new Frame(List.of(
                new Column.Numbers("sepal_length", ColumnType.DOUBLE, new double[] {5.1, 6.0}, new boolean[2]),
                new Column.Numbers("petal_count", ColumnType.LONG, new double[] {3, 4}, new boolean[2]),
                new Column.Strings("species", new String[] {"setosa, \"the small\"", "two\nlines"}))));
    }

    @Test
    void refusesCsvRowsOfTheWrongWidthByLine() {
        CairnException error = failure("text/csv", "a,b\n1,2\n3\n", IRIS);
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(error.getMessage()).contains("line 3", "1 fields", "header has 2");
    }

    @Test
    void refusesAnUnclosedCsvQuoteByLine() {
        CairnException error = failure("text/csv", "a,b\n1,\"open\n2,3\n", IRIS);
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(error.getMessage()).contains("line 2", "never closed");
    }

    @Test
    void refusesCsvWithoutRows() {
        assertThat(failure("text/csv", "a,b\n", IRIS).getMessage()).contains("no rows");
        assertThat(failure("text/csv", "", IRIS).getMessage()).contains("empty");
    }

    @Test
    void refusesOtherContentTypesListingTheSupportedOnes() {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "", null}) {
            CairnException error = catchThrowableOfType(CairnException.class,
                    () -> InvocationsCodec.read(type, "{}".getBytes(StandardCharsets.UTF_8), IRIS));
            assertThat(error.code()).as(type).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
            assertThat(error.getMessage()).as(type).contains("application/json", "text/csv");
        }
    }

    @Test
    void refusesMalformedJsonAsBadRequest() {
        for (String body : List.of("{\"inputs\": [[1, 2]", "", "{\"inputs\": [1]} trailing", "nul")) {
            CairnException error = failure(body);
            assertThat(error.code()).as(body).isEqualTo(ErrorCode.BAD_REQUEST);
        }
        assertThat(failure("{\"inputs\": [[1, 2]").getMessage()).contains("not valid JSON");
    }

    @Test
    void requiresExactlyOneInputKey() {
        CairnException none = failure("{\"params\": {}}");
        assertThat(none.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(none.getMessage()).contains("dataframe_split", "dataframe_records", "instances", "inputs");
        CairnException two = failure("{\"instances\": [[1, 2, 3]], \"inputs\": [[1, 2, 3]]}");
        assertThat(two.getMessage()).contains("both `instances` and `inputs`", "exactly one");
        assertThat(failure("[[1, 2, 3]]").getMessage()).contains("JSON object", "not a list");
    }

    @Test
    void refusesUnknownTopLevelKeys() {
        CairnException error = failure("{\"inputs\": [[1, 2, 3]], \"columns\": [\"a\"]}");
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(error.getMessage()).contains("Unknown key `columns`", "params");
    }

    @Test
    void refusesRowsOfTheWrongWidthNamingTheRow() {
        CairnException split = failure("{\"dataframe_split\": {\"columns\": [\"a\", \"b\"], \"data\": [[1, 2], [3]]}}");
        assertThat(split.getMessage()).contains("dataframe_split.data[1]", "1 values", "2 columns");
        CairnException lists = failure("{\"instances\": [[1, 2, 3], [1, 2]]}");
        assertThat(lists.getMessage()).contains("instances[1]", "2 values", "3 columns");
        CairnException columns = failure("{\"inputs\": {\"a\": [1, 2], \"b\": [1]}}");
        assertThat(columns.getMessage()).contains("inputs.b", "1 values", "inputs.a", "2");
    }

    @Test
    void refusesNonObjectRecords() {
        CairnException error = failure("{\"dataframe_records\": [{\"a\": 1}, [1]]}");
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(error.getMessage()).contains("dataframe_records[1]", "must be an object", "not a list");
        assertThat(failure("{\"dataframe_records\": {\"a\": [1]}}").getMessage()).contains("must be a list of rows");
    }

    @Test
    void refusesNestedValuesNamingRowAndColumn() {
        assertThat(failure("{\"dataframe_records\": [{\"a\": 1}, {\"a\": {\"b\": 2}}]}").getMessage())
                .contains("dataframe_records[1].a", "an object", "values must be numbers");
        assertThat(failure("{\"dataframe_split\": {\"columns\": [\"a\", \"b\"], \"data\": [[1, [2]]]}}").getMessage())
                .contains("dataframe_split.data[0][1]", "column `b`", "a list");
        assertThat(failure("{\"inputs\": {\"a\": [1, [2]]}}").getMessage()).contains("inputs.a[1]", "a list");
    }

    @Test
    void refusesDuplicateColumns() {
        CairnException split = failure("{\"dataframe_split\": {\"columns\": [\"a\", \"b\", \"a\"], \"data\": [[1, 2, 3]]}}");
        assertThat(split.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(split.getMessage()).contains("`a` appears twice");
        CairnException records = failure("{\"dataframe_records\": [{\"a\": 1, \"a\": 2}]}");
        assertThat(records.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(records.getMessage()).contains("repeats a key", "'a'");
        assertThat(failure("text/csv", "a,a\n1,2\n", IRIS).getMessage()).contains("`a` appears twice");
    }

    @Test
    void refusesEmptyData() {
        assertThat(failure("{\"dataframe_split\": {\"columns\": [\"a\"], \"data\": []}}").getMessage()).contains("no rows");
        assertThat(failure("{\"dataframe_records\": []}").getMessage()).contains("empty");
        assertThat(failure("{\"dataframe_records\": [{}, {}]}").getMessage()).contains("no columns");
        assertThat(failure("{\"inputs\": {}}").getMessage()).contains("empty object");
        assertThat(failure("{\"dataframe_split\": {\"columns\": [], \"data\": [[]]}}").getMessage()).contains("no columns");
    }

    @Test
    void refusesMoreThanMaxRows() {
        StringBuilder body = new StringBuilder("{\"instances\": [");
        for (int row = 0; row <= InvocationsCodec.MAX_ROWS; row++) {
            body.append(row == 0 ? "" : ",").append("[1,2,3]");
        }
        CairnException error = failure(body.append("]}").toString());
        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(error.getMessage()).contains("100001 rows", "at most 100000");
    }

    @Test
    void refusesMalformedSplitObjects() {
        assertThat(failure("{\"dataframe_split\": {\"columns\": [\"a\"], \"data\": [[1]], \"orient\": 1}}").getMessage())
                .contains("Unknown key `orient`");
        assertThat(failure("{\"dataframe_split\": {\"data\": [[1]]}}").getMessage()).contains("columns", "missing");
        assertThat(failure("{\"dataframe_split\": {\"columns\": [1], \"data\": [[1]]}}").getMessage())
                .contains("columns[0]", "must be a string");
        assertThat(failure("{\"dataframe_split\": [1]}").getMessage()).contains("must be an object");
    }

    @Test
    void writesOneObjectPerRowForSeveralColumns() throws IOException {
        Frame predictions = new Frame(List.of(
                new Column.Strings("label", new String[] {"1", null}),
                new Column.Numbers("count", ColumnType.LONG, new double[] {3, 0}, new boolean[] {false, true}),
                new Column.Numbers("probability_0", ColumnType.DOUBLE, new double[] {0.25, Double.NaN}, new boolean[2])));
        JsonNode written = MAPPER.readTree(InvocationsCodec.write(predictions));
        assertThat(written).isEqualTo(MAPPER.readTree("""
                {"predictions": [{"label": "1", "count": 3, "probability_0": 0.25},
                                 {"label": null, "count": null, "probability_0": null}]}"""));
        assertThat(written.get("predictions").get(0).get("count").isIntegralNumber()).isTrue();
    }

    @Test
    void writesAPlainListForOneColumn() throws IOException {
        Frame predictions = new Frame(List.of(Column.Numbers.ofDoubles("prediction", new double[] {1.5, -2})));
        assertThat(MAPPER.readTree(InvocationsCodec.write(predictions)))
                .isEqualTo(MAPPER.readTree("{\"predictions\": [1.5, -2.0]}"));
    }

    @Test
    void writtenPredictionsReadBackAsTheSameFrame() {
        Frame predictions = new Frame(List.of(
                new Column.Strings("label", new String[] {"a", "b, c"}),
                new Column.Numbers("probability_a", ColumnType.DOUBLE, new double[] {0.1, 0.9}, new boolean[2])));
        String written = new String(InvocationsCodec.write(predictions), StandardCharsets.UTF_8);
        String asRecords = written.replace("\"predictions\"", "\"dataframe_records\"");
        assertThat(InvocationsCodec.read(JSON, asRecords.getBytes(StandardCharsets.UTF_8), IRIS)).isEqualTo(predictions);
    }

    @Test
    void randomMutationsOfValidBodiesOnlyEverThrowCairnException() {
        List<String> valid = List.of(
                "{\"dataframe_split\": {\"index\": [0], \"columns\": [\"a\", \"b\"], \"data\": [[1, \"x\"], [2.5, null]]}}",
                "{\"dataframe_records\": [{\"a\": 1, \"b\": true}, {\"a\": -2e3}]}",
                "{\"instances\": [[1, 2, \"s\"], [3, 4, \"t\"]], \"params\": {\"k\": [1]}}",
                "{\"inputs\": {\"a\": [1, 2], \"b\": [\"x\", \"y\"]}}",
                "{\"inputs\": [1, 2, 3]}");
        String alphabet = "{}[]\",:0123456789.-eE truefalsn\\\u00e9";
        Random random = new Random(20261201);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder body = new StringBuilder(valid.get(random.nextInt(valid.size())));
            for (int edits = 1 + random.nextInt(3); edits > 0 && body.length() > 0; edits--) {
                int at = random.nextInt(body.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> body.deleteCharAt(at);
                    case 1 -> body.insert(at, c);
                    default -> body.setCharAt(at, c);
                }
            }
            String mutated = body.toString();
            Signature signature = random.nextBoolean() ? IRIS : SINGLE;
            String type = random.nextInt(5) == 0 ? "text/csv" : JSON;
            try {
                Frame frame = InvocationsCodec.read(type, mutated.getBytes(StandardCharsets.UTF_8), signature);
                assertThat(frame.rowCount()).as(mutated).isPositive();
            } catch (CairnException expected) {
                assertThat(expected.getMessage()).as(mutated).isNotBlank();
            }
        }
    }

    @Test
    void refusesAnInstancesObject() {
        assertThatThrownBy(() -> read("{\"instances\": {\"a\": [1]}}"))
                .isInstanceOf(CairnException.class)
                .hasMessageContaining("`instances` must be a list of rows, not an object");
    }
}
