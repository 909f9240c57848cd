package dev.cairn.serve.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.signature.ColumnSpec;
import dev.cairn.model.signature.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class OipCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A model with one input of each type. */
    private static final Signature MIXED = new Signature(List.of(
            new ColumnSpec("age", ColumnType.DOUBLE, false),
            new ColumnSpec("visits", ColumnType.LONG, false),
            new ColumnSpec("city", ColumnType.STRING, true)),
            Signature.standardOutputs(List.of()));

    /** A model of three numeric features, as KServe's sklearn server would take them. */
    private static final Signature FEATURES = new Signature(List.of(
            new ColumnSpec("x", ColumnType.DOUBLE, false),
            new ColumnSpec("y", ColumnType.DOUBLE, false),
            new ColumnSpec("z", ColumnType.DOUBLE, false)),
            Signature.standardOutputs(List.of()));

    private static final Signature SINGLE = new Signature(List.of(new ColumnSpec("v", ColumnType.DOUBLE, true)),
            Signature.standardOutputs(List.of()));

    private static final String VALID_MIXED = """
            {"id": "req-7", "parameters": {"trace": true},
             "inputs": [
               {"name": "city", "shape": [2], "datatype": "BYTES", "data": ["Oslo", null]},
               {"name": "age", "shape": [2, 1], "datatype": "FP32", "data": [[31.5], [40]]},
               {"name": "visits", "shape": [2], "datatype": "INT32", "data": [3, 4], "parameters": {"x": 1}}
             ],
             "outputs": [{"name": "prediction"}]}
            """;

    @Test
    void readsOneTensorPerInputByNameInSignatureOrder() {
        InferenceRequest request = read(VALID_MIXED, MIXED);

        assertThat(request.id()).contains("req-7");
        assertThat(request.parameters().get("trace").booleanValue()).isTrue();
        Frame frame = request.inputs();
        assertThat(frame.columns()).extracting(Column::name).containsExactly("age", "visits", "city");
        assertThat(frame.column("age").orElseThrow())
                .isEqualTo(new Column.Numbers("age", ColumnType.DOUBLE, new double[] {31.5, 40}, new boolean[2]));
        assertThat(frame.column("visits").orElseThrow())
                .isEqualTo(new Column.Numbers("visits", ColumnType.LONG, new double[] {3, 4}, new boolean[2]));
        assertThat(frame.column("city").orElseThrow()).isEqualTo(new Column.Strings("city", new String[] {"Oslo", null}));
        assertThat(MIXED.conform(frame)).isSameAs(frame);
    }

    @Test
    void absentIdAndParametersAreEmpty() {
        InferenceRequest request = read("""
                {"inputs": [{"name": "v", "shape": [1], "datatype": "FP64", "data": [1]}]}""", SINGLE);

        assertThat(request.id()).isEmpty();
        assertThat(request.parameters().isEmpty()).isTrue();
    }

    @Test
    void readsOneMatrixTensorAsColumnsInSignatureOrderWhateverItsName() {
        Frame flat = read("""
                {"inputs": [{"name": "input-0", "shape": [2, 3], "datatype": "FP32", "data": [1, 2, 3, 4, 5, 6]}]}""",
                FEATURES).inputs();
        Frame nested = read("""
                {"inputs": [{"name": "x", "shape": [2, 3], "datatype": "FP32", "data": [[1, 2, 3], [4, 5, 6]]}]}""",
                FEATURES).inputs();

        assertThat(flat.columns()).extracting(Column::name).containsExactly("x", "y", "z");
        assertThat(((Column.Numbers) flat.column("x").orElseThrow()).values()).containsExactly(1, 4);
        assertThat(((Column.Numbers) flat.column("y").orElseThrow()).values()).containsExactly(2, 5);
        assertThat(((Column.Numbers) flat.column("z").orElseThrow()).values()).containsExactly(3, 6);
        assertThat(nested).isEqualTo(flat);
    }

    @Test
    void matrixOfBytesGivesTextColumnsThatTheSignatureConvertsLater() {
        Frame frame = read("""
                {"inputs": [{"name": "t", "shape": [1, 3], "datatype": "BYTES", "data": [["1.5", "2", null]]}]}""",
                FEATURES).inputs();

        assertThat(frame.columns()).allSatisfy(column -> assertThat(column).isInstanceOf(Column.Strings.class));
        assertThat(frame.column("z").orElseThrow().isNull(0)).isTrue();
        assertThatThrownBy(() -> FEATURES.conform(frame)).hasMessageContaining("missing value");
    }

    @Test
    void singleInputModelTakesAnNByOneMatrixOfAnyName() {
        Frame frame = read("""
                {"inputs": [{"name": "predict", "shape": [3, 1], "datatype": "FP64", "data": [[1], [2], [3]]}]}""",
                SINGLE).inputs();

        assertThat(((Column.Numbers) frame.column("v").orElseThrow()).values()).containsExactly(1, 2, 3);
    }

    @Test
    void perInputTensorAcceptsNestedDataOfShapeNByOne() {
        Frame frame = read("""
                {"inputs": [{"name": "v", "shape": [2, 1], "datatype": "FP64", "data": [[0.25], [null]]}]}""",
                SINGLE).inputs();

        Column.Numbers column = (Column.Numbers) frame.column("v").orElseThrow();
        assertThat(column.values()[0]).isEqualTo(0.25);
        assertThat(column.nulls()).containsExactly(false, true);
    }

    @Test
    void zeroRowsGiveAnEmptyFrame() {
        Frame frame = read("""
                {"inputs": [{"name": "v", "shape": [0], "datatype": "FP64", "data": []}]}""", SINGLE).inputs();

        assertThat(frame.rowCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "BOOL   | [true, false, null]                                 | LONG   | 1.0, 0.0",
            "INT8   | [-128, 127, null]                                   | LONG   | -128.0, 127.0",
            "INT16  | [-32768, 32767, null]                               | LONG   | -32768.0, 32767.0",
            "INT32  | [-2147483648, 3.0, null]                            | LONG   | -2147483648.0, 3.0",
            "INT64  | [-9223372036854775808, 9223372036854775807, null]   | LONG   | -9.223372036854775808E18, 9.223372036854775807E18",
            "UINT8  | [0, 255, null]                                      | LONG   | 0.0, 255.0",
            "UINT16 | [0, 65535, null]                                    | LONG   | 0.0, 65535.0",
            "UINT32 | [0, 4294967295, null]                               | LONG   | 0.0, 4294967295.0",
            "UINT64 | [0, 18446744073709551615, null]                     | LONG   | 0.0, 1.8446744073709552E19",
            "FP16   | [1.5, -65504, null]                                 | DOUBLE | 1.5, -65504.0",
            "FP32   | [1.5, 3, null]                                      | DOUBLE | 1.5, 3.0",
            "FP64   | [1e300, -2.5, null]                                 | DOUBLE | 1.0E300, -2.5",
    })
    void readsEveryNumericDatatypeWithNullsAsMissingValues(String datatype, String data, ColumnType type, String expected) {
        Column column = read("{\"inputs\": [{\"name\": \"v\", \"shape\": [3], \"datatype\": \"" + datatype
                + "\", \"data\": " + data + "}]}", SINGLE).inputs().column("v").orElseThrow();

        Column.Numbers numbers = (Column.Numbers) column;
        assertThat(numbers.type()).isEqualTo(type);
        String[] parts = expected.split(", ");
        assertThat(numbers.values()[0]).isEqualTo(Double.parseDouble(parts[0]));
        assertThat(numbers.values()[1]).isEqualTo(Double.parseDouble(parts[1]));
        assertThat(numbers.nulls()).containsExactly(false, false, true);
    }

    @Test
    void readsBytesAsText() {
        Column column = read("""
                {"inputs": [{"name": "v", "shape": [3], "datatype": "BYTES", "data": ["a", "", null]}]}""", SINGLE)
                .inputs().column("v").orElseThrow();

        assertThat(column).isEqualTo(new Column.Strings("v", new String[] {"a", "", null}));
    }

    @Test
    void acceptsExactlyMaxRows() {
        StringBuilder data = new StringBuilder("[");
        for (int row = 0; row < OipCodec.MAX_ROWS; row++) {
            data.append(row == 0 ? "" : ",").append(row);
        }
        data.append(']');

        Frame frame = read("{\"inputs\": [{\"name\": \"v\", \"shape\": [" + OipCodec.MAX_ROWS
                + "], \"datatype\": \"INT64\", \"data\": " + data + "}]}", SINGLE).inputs();

        assertThat(frame.rowCount()).isEqualTo(OipCodec.MAX_ROWS);
        assertThat(((Column.Numbers) frame.columns().get(0)).values()[OipCodec.MAX_ROWS - 1]).isEqualTo(OipCodec.MAX_ROWS - 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "FP32   | \"abc\"                   | the string `abc`, not a number",
            "FP32   | 1e39                      | not a number of magnitude at most 3.4028235E38",
            "FP16   | 70000                     | not a number of magnitude at most 65504.0",
            "FP64   | {}                        | an object, not a finite number",
            "FP64   | 1e999                     | not a finite number",
            "INT32  | 1.5                       | 1.5, not a whole number from -2147483648 to 2147483647",
            "INT32  | 2147483648                | not a whole number from -2147483648 to 2147483647",
            "INT16  | true                      | the boolean true, not a whole number",
            "INT8   | 128                       | not a whole number from -128 to 127",
            "UINT8  | 300                       | 300, not a whole number from 0 to 255",
            "UINT8  | -1                        | not a whole number from 0 to 255",
            "UINT8  | 255.5                     | not a whole number from 0 to 255",
            "UINT32 | 4294967296                | not a whole number from 0 to 4294967295",
            "INT64  | 9223372036854775808       | not a whole number from -9223372036854775808 to 9223372036854775807",
            "INT64  | 9.3e18                    | not a whole number from -9223372036854775808",
            "UINT64 | 18446744073709551616      | not a whole number from 0 to 18446744073709551615",
            "UINT64 | -1                        | not a whole number from 0 to 18446744073709551615",
            "BOOL   | 1                         | 1, not true or false",
            "BYTES  | 5                         | 5, not a string",
            "BYTES  | false                     | the boolean false, not a string",
    })
    void rejectsAnElementThatDoesNotMatchTheDatatype(String datatype, String element, String problem) {
        assertInvalid("{\"inputs\": [{\"name\": \"v\", \"shape\": [2], \"datatype\": \"" + datatype
                + "\", \"data\": [null, " + element + "]}]}", SINGLE, "Input tensor `v` (" + datatype + "): element 1 is", problem);
    }

    @Test
    void elementProblemInMatrixNamesRowAndColumn() {
        assertInvalid("""
                {"inputs": [{"name": "m", "shape": [2, 3], "datatype": "INT32", "data": [[1, 2, 3], [4, "five", 6]]}]}""",
                FEATURES, "Input tensor `m` (INT32): row 1, column `y` is the string `five`");
    }

    @Test
    void missingInputsAreNamedWithWhatTheModelExpects() {
        assertInvalid("""
                {"inputs": [{"name": "age", "shape": [1], "datatype": "FP64", "data": [1]}]}""", MIXED,
                "missing input `visits`; missing input `city`",
                "`age` (FP64), `visits` (INT64), `city` (BYTES)", "[N, 3]");
    }

    @Test
    void unknownInputNamesAreReported() {
        assertInvalid("""
                {"inputs": [{"name": "v", "shape": [1], "datatype": "FP64", "data": [1]},
                            {"name": "w", "shape": [1], "datatype": "FP64", "data": [1]}]}""", SINGLE,
                "unknown input `w`", "`v` (FP64)");
        assertInvalid("""
                {"inputs": [{"name": "other", "shape": [1], "datatype": "FP64", "data": [1]}]}""", SINGLE,
                "unknown input `other`; missing input `v`");
    }

    @Test
    void manyWrongNamesGiveAShortMessage() {
        StringBuilder body = new StringBuilder("{\"inputs\": [");
        for (int i = 0; i < 1_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"name\": \"t").append(i)
                    .append("\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}");
        }
        body.append("]}");

        assertThatThrownBy(() -> read(body.toString(), SINGLE))
                .isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("unknown input `t0`", "; and 981 more").hasSizeLessThan(1_000));
    }

    @Test
    void rejectsShapesCairnCannotRead() {
        assertInvalid(single("[1, 1, 1]", "FP64", "[1]"), "Input tensor `v` has shape [1,1,1] of rank 3");
        assertInvalid(single("[]", "FP64", "[]"), "Input tensor `v` has shape [] of rank 0");
        assertInvalid(single("[-1]", "FP64", "[]"), "Input tensor `v`'s shape must hold whole numbers of zero or more",
                "dimension 0 is -1");
        assertInvalid(single("[2.5]", "FP64", "[]"), "dimension 0 is 2.5");
        assertInvalid(single("[\"2\"]", "FP64", "[]"), "dimension 0 is the string `2`");
        assertInvalid(single("[1, 99999999999999999999]", "FP64", "[]"), "dimension 1 is 99999999999999999999");
        assertInvalid(single("{\"n\": 2}", "FP64", "[]"), "Input tensor `v` needs a `shape`", "not an object");
        assertInvalid(single("[4611686018427387904, 4]", "FP64", "[]"), "more elements than a request can carry");
        assertInvalid(single("[" + (OipCodec.MAX_ROWS + 1) + "]", "FP64", "[]"), "100001 rows", "at most 100000");
    }

    @Test
    void rejectsAPerInputTensorWithMoreThanOneColumn() {
        assertInvalid("""
                {"inputs": [{"name": "age", "shape": [1, 2], "datatype": "FP64", "data": [1, 2]},
                            {"name": "visits", "shape": [1], "datatype": "INT64", "data": [1]},
                            {"name": "city", "shape": [1], "datatype": "BYTES", "data": ["a"]}]}""", MIXED,
                "Input tensor `age` has shape [1, 2]; a tensor per input must have shape [N] or [N, 1]");
    }

    @Test
    void rejectsAMatrixWhoseColumnsAreNotTheModelsInputs() {
        assertInvalid("""
                {"inputs": [{"name": "m", "shape": [1, 2], "datatype": "FP64", "data": [1, 2]}]}""", FEATURES,
                "Input tensor `m` has shape [1, 2], but the model takes 3 inputs (`x` (FP64), `y` (FP64), `z` (FP64))",
                "[N, 3]");
    }

    @Test
    void rejectsDataWhoseCountDoesNotMatchTheShape() {
        assertInvalid(single("[3]", "FP64", "[1, 2]"), "Input tensor `v` has shape [3], so 3 elements, but its `data` holds 2");
        assertInvalid(single("[1]", "FP64", "[[1], [2]]"), "so 1 element, but its `data` holds 2");
        assertInvalid("""
                {"inputs": [{"name": "m", "shape": [2, 3], "datatype": "FP64", "data": [[1, 2, 3], [4, 5]]}]}""", FEATURES,
                "Input tensor `m` has shape [2, 3], so 6 elements, but its `data` holds 5");
    }

    @Test
    void rejectsTensorsOfDifferentRowCounts() {
        assertInvalid("""
                {"inputs": [{"name": "age", "shape": [2], "datatype": "FP64", "data": [1, 2]},
                            {"name": "visits", "shape": [1], "datatype": "INT64", "data": [1]},
                            {"name": "city", "shape": [2], "datatype": "BYTES", "data": ["a", "b"]}]}""", MIXED,
                "Input tensor `visits` has 1 rows, but input tensor `age` has 2");
    }

    @Test
    void unknownDatatypeListsTheValidOnes() {
        assertInvalid(single("[1]", "FLOAT32", "[1]"), "Input tensor `v` has datatype `FLOAT32`",
                "[BOOL, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FP16, FP32, FP64, BYTES]");
        assertInvalid("""
                {"inputs": [{"name": "v", "shape": [1], "datatype": 7, "data": [1]}]}""", SINGLE,
                "Input tensor `v` needs a `datatype`", "not 7");
    }

    @Test
    void rejectsRequestsOfTheWrongJsonShape() {
        assertInvalid("{}", SINGLE, "The request has no `inputs`");
        assertInvalid("{\"inputs\": null}", SINGLE, "The request has no `inputs`");
        assertInvalid("{\"inputs\": []}", SINGLE, "`inputs` is empty");
        assertInvalid("{\"inputs\": {\"v\": [1]}}", SINGLE, "`inputs` must be an array of tensors, not an object");
        assertInvalid("{\"inputs\": [5]}", SINGLE, "inputs[0] must be a tensor object", "not 5");
        assertInvalid("{\"inputs\": [{\"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}", SINGLE,
                "inputs[0] needs a `name`", "not nothing");
        assertInvalid("{\"inputs\": [{\"name\": \"\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}", SINGLE,
                "inputs[0] needs a `name`");
        assertInvalid(single("[1]", "FP64", "1"), "Input tensor `v` needs `data`", "not 1");
        assertInvalid("{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\"}]}", SINGLE,
                "Input tensor `v` needs `data`", "not nothing");
        assertInvalid("""
                {"inputs": [{"name": "v", "shape": [1], "datatype": "FP64", "data": [1], "parameters": []}]}""", SINGLE,
                "Input tensor `v`'s `parameters` must be an object");
        assertInvalid("""
                {"inputs": [{"name": "v", "shape": [1], "datatype": "FP64", "data": [1]},
                            {"name": "v", "shape": [1], "datatype": "FP64", "data": [1]}]}""", SINGLE,
                "Input tensor `v` appears twice");
        assertInvalid("{\"id\": 12, \"inputs\": []}", SINGLE, "`id` must be a string, not 12");
        assertInvalid("{\"parameters\": \"x\", \"inputs\": []}", SINGLE, "`parameters` must be an object, not the string `x`");
        assertInvalid("{\"outputs\": 1, \"inputs\": []}", SINGLE, "`outputs` must be an array");
        assertInvalid("[1, 2]", SINGLE, "must be a JSON object", "not an array");
        assertInvalid("null", SINGLE, "must be a JSON object", "not null");
        assertInvalid("", SINGLE, "must be a JSON object", "not nothing");
    }

    @Test
    void malformedJsonIsABadRequest() {
        for (String body : List.of("{\"inputs\": [", "{inputs: 1}", "{\"inputs\": []} trailing", "{\"a\": NaN}", "\u0000")) {
            assertThatThrownBy(() -> read(body, SINGLE))
                    .isInstanceOfSatisfying(CairnException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                        assertThat(e.getMessage()).startsWith("The request body is not valid JSON");
                    });
        }
    }

    @Test
    void longNamesAreCutInMessages() {
        String name = "n".repeat(10_000);
        assertThatThrownBy(() -> read("{\"inputs\": [{\"name\": \"" + name + "\", \"shape\": [1], \"datatype\": \"FP64\","
                + " \"data\": [1]}]}", SINGLE))
                .isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(500).contains("unknown input `nnn"));
    }

    @Test
    void writesOneTensorPerColumnWithNullsForMissingValues() throws Exception {
        Frame outputs = new Frame(List.of(
                new Column.Numbers("prediction", ColumnType.DOUBLE, new double[] {0.5, Double.NaN, 2}, new boolean[] {false, false, true}),
                new Column.Numbers("count", ColumnType.LONG, new double[] {3, 9_007_199_254_740_992.0, 0}, new boolean[] {false, false, true}),
                new Column.Strings("label", new String[] {"yes", null, "n\"o"})));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("latency_ms", 1.5);
        parameters.put("arm", "canary");

        JsonNode response = JSON.readTree(OipCodec.writeResponse("churn", "3", Optional.of("req-7"), outputs, parameters));

        assertThat(response.get("model_name").textValue()).isEqualTo("churn");
        assertThat(response.get("model_version").textValue()).isEqualTo("3");
        assertThat(response.get("id").textValue()).isEqualTo("req-7");
        assertThat(response.get("parameters")).isEqualTo(JSON.valueToTree(parameters));
        JsonNode tensors = response.get("outputs");
        assertThat(tensors).hasSize(3);
        assertThat(tensors.get(0).toString()).isEqualTo(
                "{\"name\":\"prediction\",\"shape\":[3],\"datatype\":\"FP64\",\"data\":[0.5,null,null]}");
        assertThat(tensors.get(1).toString()).isEqualTo(
                "{\"name\":\"count\",\"shape\":[3],\"datatype\":\"INT64\",\"data\":[3,9007199254740992,null]}");
        assertThat(tensors.get(1).get("data").get(0).isIntegralNumber()).isTrue();
        assertThat(tensors.get(2).get("datatype").textValue()).isEqualTo("BYTES");
        assertThat(tensors.get(2).get("data").get(1).isNull()).isTrue();
        assertThat(tensors.get(2).get("data").get(2).textValue()).isEqualTo("n\"o");
    }

    @Test
    void responseParametersAreWrittenAsTheMapperWritesThem() throws Exception {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("prediction_ids", List.of("a1", "b2"));
        parameters.put("arm", "stable");
        parameters.put("model", "fl\"ights\u00e9");
        parameters.put("count", 3);
        parameters.put("big", Long.MAX_VALUE);
        parameters.put("latency_ms", 1.5);
        parameters.put("not_a_number", Double.NaN);
        parameters.put("cached", true);
        parameters.put("nested", Map.of("k", List.of(1, 2.5f)));
        parameters.put("nothing", null);
        parameters.put("empty", List.of());

        String response = new String(OipCodec.writeResponse("m", "1", Optional.empty(),
                new Frame(List.of(Column.Numbers.ofDoubles("prediction", new double[] {1}))), parameters), StandardCharsets.UTF_8);

        assertThat(response).contains("\"parameters\":" + JSON.writeValueAsString(parameters) + ",\"outputs\":");
    }

    @Test
    void responseLeavesOutAnAbsentId() throws Exception {
        JsonNode response = JSON.readTree(OipCodec.writeResponse("m", "1", Optional.empty(),
                new Frame(List.of(Column.Numbers.ofDoubles("prediction", new double[0]))), Map.of()));

        assertThat(response.has("id")).isFalse();
        assertThat(response.get("parameters").isEmpty()).isTrue();
        assertThat(response.get("outputs").get(0).get("shape").get(0).intValue()).isZero();
    }

    @Test
    void responseCarriesTheOutputsOfARequestReadBack() throws Exception {
        Frame inputs = read(VALID_MIXED, MIXED).inputs();

        JsonNode response = JSON.readTree(OipCodec.writeResponse("m", "1", Optional.empty(), inputs, Map.of()));

        assertThat(response.get("outputs").get(0).get("data").toString()).isEqualTo("[31.5,40.0]");
        assertThat(response.get("outputs").get(1).get("data").toString()).isEqualTo("[3,4]");
        assertThat(response.get("outputs").get(2).get("data").toString()).isEqualTo("[\"Oslo\",null]");
    }

    @Test
    void metadataDescribesTheSignatureAsTensors() {
        Signature signature = new Signature(MIXED.inputs(), Signature.standardOutputs(List.of("no", "yes")));

        ObjectNode metadata = OipCodec.modelMetadata("churn", List.of("1", "2"), "cairn-onnx", signature);

        assertThat(metadata.get("name").textValue()).isEqualTo("churn");
        assertThat(metadata.get("versions").toString()).isEqualTo("[\"1\",\"2\"]");
        assertThat(metadata.get("platform").textValue()).isEqualTo("cairn-onnx");
        assertThat(metadata.get("inputs").toString()).isEqualTo("[{\"name\":\"age\",\"datatype\":\"FP64\",\"shape\":[-1]},"
                + "{\"name\":\"visits\",\"datatype\":\"INT64\",\"shape\":[-1]},"
                + "{\"name\":\"city\",\"datatype\":\"BYTES\",\"shape\":[-1]}]");
        assertThat(metadata.get("outputs")).extracting(node -> node.get("name").textValue())
                .containsExactly("label", "probability_no", "probability_yes");
        assertThat(metadata.get("outputs").get(0).get("datatype").textValue()).isEqualTo("BYTES");
    }

    @Test
    void mutatedBodiesOnlyEverFailWithCairnException() {
        byte[] valid = VALID_MIXED.getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = "{}[]\",:0123456789.-eE nulltruefalse\u0000\\".getBytes(StandardCharsets.UTF_8);
        String[] replacements = {"null", "[]", "{}", "\"s\"", "-1", "1e999", "[[[[1]]]]", "true", "99999999999999999999999"};
        Random random = new Random(20_260_112);
        int accepted = 0;
        for (int attempt = 0; attempt < 2_000; attempt++) {
            byte[] body = mutate(valid, random, alphabet, replacements);
            try {
                OipCodec.readRequest(body, attempt % 2 == 0 ? MIXED : FEATURES);
                accepted++;
            } catch (CairnException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException | StackOverflowError e) {
                fail("Attempt " + attempt + " threw " + e + " for body " + new String(body, StandardCharsets.UTF_8), e);
            }
        }
        assertThat(accepted).isPositive();
    }

    @Test
    void requestsInTheUsualFieldOrderAreReadInOneStreamingPassToWhatTheTreeReads() {
        List<String> bodies = List.of(VALID_MIXED,
                """
                {"inputs": [{"name": "input-0", "shape": [2, 3], "datatype": "FP32", "data": [[1, 2, 3], [4, 5, 6]]}]}""",
                """
                {"inputs": [{"name": "t", "shape": [1, 3], "datatype": "BYTES", "data": ["1.5", "2", null]}]}""",
                """
                {"id": null, "parameters": {"a": [1, {"b": null}]}, "extra": {"x": [1, 2]},
                 "inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "data": [1.5], "parameters": null},
                            {"name": "z", "shape": [1, 1], "datatype": "UINT64", "data": [[18446744073709551615]]},
                            {"name": "y", "shape": [1], "datatype": "BOOL", "data": [true], "content": "ignored"}]}""");
        for (String body : bodies) {
            Signature signature = body.contains("\"age\"") ? MIXED : FEATURES;
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

            assertThat(OipCodec.readStreaming(bytes, signature)).as(body).contains(OipCodec.readTree(bytes, signature));
        }
    }

    @Test
    void theBenchmarksOneRowRequestIsReadInOneStreamingPass() {
        Signature flights = new Signature(List.of(
                new ColumnSpec("distance", ColumnType.DOUBLE, true),
                new ColumnSpec("hour", ColumnType.LONG, true),
                new ColumnSpec("origin", ColumnType.STRING, true)),
                Signature.standardOutputs(List.of()));
        byte[] body = """
                {"inputs":[{"name":"distance","datatype":"FP64","shape":[1],"data":[2419.0]},\
                {"name":"hour","datatype":"INT64","shape":[1],"data":[0]},\
                {"name":"origin","datatype":"BYTES","shape":[1],"data":["SFO"]}]}""".getBytes(StandardCharsets.UTF_8);

        InferenceRequest request = OipCodec.readStreaming(body, flights).orElseThrow();

        assertThat(request.inputs()).isEqualTo(new Frame(List.of(
                new Column.Numbers("distance", ColumnType.DOUBLE, new double[] {2419}, new boolean[1]),
                new Column.Numbers("hour", ColumnType.LONG, new double[] {0}, new boolean[1]),
                new Column.Strings("origin", new String[] {"SFO"}))));
        assertThat(request.id()).isEmpty();
        assertThat(request.parameters().isEmpty()).isTrue();
    }

    @Test
    void dataBeforeItsShapeOrDatatypeAndRepeatedFieldsAreLeftToTheTreeReader() {
        List<String> bodies = List.of(
                "{\"inputs\": [{\"data\": [1], \"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\"}]}",
                "{\"inputs\": [{\"name\": \"v\", \"datatype\": \"FP64\", \"data\": [1], \"shape\": [1]}]}",
                "{\"id\": \"a\", \"id\": \"b\", \"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}",
                "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}",
                "{\"parameters\": null, \"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}");
        for (String body : bodies) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

            assertThat(OipCodec.readStreaming(bytes, SINGLE)).as(body).isEmpty();
            assertThat(OipCodec.readRequest(bytes, SINGLE)).as(body).isEqualTo(OipCodec.readTree(bytes, SINGLE));
        }
        assertThat(read("{\"id\": \"a\", \"id\": \"b\", \"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\","
                + " \"data\": [1]}]}", SINGLE).id()).contains("b");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // wrong shapes
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [2], \"datatype\": \"FP64\", \"data\": [1]}]}              | INVALID_PARAMETER_VALUE | so 2 elements, but its `data` holds 1",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1, 2]}]}           | INVALID_PARAMETER_VALUE | so 1 element, but its `data` holds 2",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1, 1, 1], \"datatype\": \"FP64\", \"data\": [1]}]}        | INVALID_PARAMETER_VALUE | of rank 3",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1, 2], \"datatype\": \"FP64\", \"data\": [1, 2]}]}        | INVALID_PARAMETER_VALUE | but the model takes 1 input",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [-1], \"datatype\": \"FP64\", \"data\": []}]}              | INVALID_PARAMETER_VALUE | dimension 0 is -1",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [100001], \"datatype\": \"FP64\", \"data\": []}]}          | INVALID_PARAMETER_VALUE | at most 100000",
            // wrong datatypes and elements
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FLOAT\", \"data\": [1]}]}             | INVALID_PARAMETER_VALUE | has datatype `FLOAT`",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [\"1\"]}]}        | INVALID_PARAMETER_VALUE | element 0 is the string `1`",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [{}]}]}             | INVALID_PARAMETER_VALUE | element 0 is an object",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [1]}]}             | INVALID_PARAMETER_VALUE | element 0 is 1, not a string",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"INT8\", \"data\": [true]}]}           | INVALID_PARAMETER_VALUE | the boolean true",
            // huge numbers
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1e999]}]}          | INVALID_PARAMETER_VALUE | not a finite number",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"INT64\", \"data\": [99999999999999999999]}]} | INVALID_PARAMETER_VALUE | not a whole number",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [99999999999999999999], \"datatype\": \"FP64\", \"data\": []}]} | INVALID_PARAMETER_VALUE | dimension 0 is 99999999999999999999",
            // missing and unknown inputs
            "{\"inputs\": [{\"name\": \"w\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}              | INVALID_PARAMETER_VALUE | unknown input `w`; missing input `v`",
            "{\"inputs\": [{\"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}                                  | INVALID_PARAMETER_VALUE | inputs[0] needs a `name`",
            "{\"inputs\": []}                                                                                                  | INVALID_PARAMETER_VALUE | `inputs` is empty",
            "{\"id\": 5, \"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}  | INVALID_PARAMETER_VALUE | `id` must be a string",
            // malformed JSON and trailing content, found before or after a problem of the request's own
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]} {}          | BAD_REQUEST             | The request body is not valid JSON",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]} x           | BAD_REQUEST             | The request body is not valid JSON",
            "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]             | BAD_REQUEST             | The request body is not valid JSON",
            "{\"id\": 5, \"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1,]}]} | BAD_REQUEST             | The request body is not valid JSON",
    })
    void whatTheStreamingPassRejectsGetsTheTreeReadersAnswer(String body, ErrorCode code, String message) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertThat(OipCodec.readStreaming(bytes, SINGLE)).isEmpty();
        assertThatThrownBy(() -> OipCodec.readRequest(bytes, SINGLE))
                .isInstanceOfSatisfying(CairnException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void deeplyNestedDataIsRejectedWithoutOverflowingTheStack() {
        String body = "{\"inputs\": [{\"name\": \"v\", \"shape\": [1], \"datatype\": \"FP64\", \"data\": "
                + "[".repeat(5_000) + "1" + "]".repeat(5_000) + "}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertThat(OipCodec.readStreaming(bytes, SINGLE)).isEmpty();
        assertThatThrownBy(() -> OipCodec.readRequest(bytes, SINGLE)).isInstanceOf(CairnException.class);
    }

    @Test
    void aNumberTooLongForTheParserIsABadRequest() {
        byte[] bytes = single("[1]", "FP64", "[" + "9".repeat(5_000) + "]").getBytes(StandardCharsets.UTF_8);

        assertThat(OipCodec.readStreaming(bytes, SINGLE)).isEmpty();
        assertThatThrownBy(() -> OipCodec.readRequest(bytes, SINGLE)).isInstanceOf(CairnException.class);
    }

    @Test
    void mutatedBodiesTheStreamingPassAcceptsReadAsTheTreeReadsThem() {
        List<byte[]> valids = List.of(VALID_MIXED.getBytes(StandardCharsets.UTF_8), ("""
                {"id": "m", "inputs": [{"name": "m", "shape": [2, 3], "datatype": "INT32", "data": [[1, 2, 3], [4, null, 6]]}]}""")
                .getBytes(StandardCharsets.UTF_8));
        byte[] alphabet = "{}[]\",:0123456789.-eE nulltruefalse\u0000\\".getBytes(StandardCharsets.UTF_8);
        String[] replacements = {"null", "[]", "{}", "\"s\"", "-1", "1e999", "[[[[1]]]]", "true", "99999999999999999999999", "[2, 1]",
                "[1, 3]", "\"BOOL\"", "\"UINT64\"", "\"BYTES\""};
        Random random = new Random(20_261_201);
        int streamed = 0;
        for (int attempt = 0; attempt < 5_000; attempt++) {
            Signature signature = attempt % 2 == 0 ? MIXED : FEATURES;
            byte[] body = mutate(valids.get(attempt % 4 < 2 ? 0 : 1), random, alphabet, replacements);
            Optional<InferenceRequest> fast = OipCodec.readStreaming(body, signature);
            if (fast.isPresent()) {
                streamed++;
                assertThat(fast.get()).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(OipCodec.readTree(body, signature));
            }
        }
        assertThat(streamed).isPositive();
    }

    private static byte[] mutate(byte[] valid, Random random, byte[] alphabet, String[] replacements) {
        String text = new String(valid, StandardCharsets.UTF_8);
        return switch (random.nextInt(4)) {
            case 0 -> Arrays.copyOf(valid, random.nextInt(valid.length));
            case 1 -> {
                byte[] body = valid.clone();
                for (int i = 0, flips = 1 + random.nextInt(4); i < flips; i++) {
                    body[random.nextInt(body.length)] = random.nextBoolean()
                            ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
                }
                yield body;
            }
            case 2 -> {
                // Replace one JSON value (a token after a colon or inside an array) with a value of another type.
                int start = random.nextInt(text.length());
                int colon = text.indexOf(':', start);
                if (colon < 0) {
                    yield valid;
                }
                int end = colon + 1;
                while (end < text.length() && ",}]".indexOf(text.charAt(end)) < 0) {
                    end++;
                }
                yield (text.substring(0, colon + 1) + replacements[random.nextInt(replacements.length)] + text.substring(end))
                        .getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                // Swap a datatype or a shape for another one.
                String[] datatypes = {"BOOL", "INT8", "UINT8", "INT64", "UINT64", "FP16", "FP64", "BYTES", "INT4"};
                yield text.replaceFirst(random.nextBoolean() ? "FP32" : "INT32", datatypes[random.nextInt(datatypes.length)])
                        .replace(random.nextBoolean() ? "[2]" : "[2, 1]", random.nextBoolean() ? "[1, 3]" : "[2, 2]")
                        .getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    private static String single(String shape, String datatype, String data) {
        return "{\"inputs\": [{\"name\": \"v\", \"shape\": " + shape + ", \"datatype\": \"" + datatype + "\", \"data\": "
                + data + "}]}";
    }

    private static InferenceRequest read(String body, Signature signature) {
        return OipCodec.readRequest(body.getBytes(StandardCharsets.UTF_8), signature);
    }

    private static void assertInvalid(String body, String... fragments) {
        assertInvalid(body, SINGLE, fragments);
    }

    private static void assertInvalid(String body, Signature signature, String... fragments) {
        assertThatThrownBy(() -> read(body, signature))
                .isInstanceOfSatisfying(CairnException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
                    assertThat(e.getMessage()).contains(fragments);
                });
    }
}
