package dev.cairn.train.eval;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.train.trainer.Task;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A model package's outputs on labelled rows and their evaluation. The package is loaded from its
 * files, so a candidate is scored exactly as it will be served.
 *
 * @param outputs the package's outputs, one row per scored row
 */
public record PackageEvaluation(Frame outputs, EvaluationReport report) {
    public PackageEvaluation {
        requireNonNull(outputs, "outputs is null");
        requireNonNull(report, "report is null");
    }

    /**
     * Scores {@code rows} with a package and evaluates its outputs against the {@code target}
     * column, overall and per value of the {@code slices} columns.
     */
    public static PackageEvaluation of(ModelPackage modelPackage, Frame rows, Task task, String target, String positiveClass,
                                       List<String> slices, int maxSlices) {
        List<Column> sliceColumns = slices.stream().map(name -> column(rows, name)).toList();
        Frame outputs = predict(modelPackage, rows);
        Predictions predictions = Predictions.fromFrame(outputs, modelPackage.descriptor().classLabels());
        return new PackageEvaluation(outputs, new Evaluation(task, positiveClass, sliceColumns, maxSlices)
                .evaluate(column(rows, target), predictions));
    }

    /** A package's outputs for the rows, given the columns of its signature (the rows may have more). */
    public static Frame predict(ModelPackage modelPackage, Frame rows) {
        List<String> inputs = modelPackage.descriptor().signature().inputs().stream().map(c -> c.name()).toList();
        try (LoadedModel model = LoadedModel.load(modelPackage, 0)) {
            return model.predict(rows.select(inputs));
        }
    }

    /** A column of the rows, or an error naming the columns there are. */
    public static Column column(Frame frame, String name) {
        return frame.column(name).orElseThrow(() -> CairnException.invalidParameter("The data has no column '" + name + "'; it has "
                + frame.columns().stream().map(Column::name).toList()));
    }
}
