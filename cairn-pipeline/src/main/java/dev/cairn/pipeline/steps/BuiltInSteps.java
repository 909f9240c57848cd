package dev.cairn.pipeline.steps;

import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepTypes;

import java.util.ArrayList;
import java.util.List;

/** The step types Cairn ships, registered here and nowhere else. */
public final class BuiltInSteps {
    private BuiltInSteps() {
    }

    /** The built-in step types: dataset, sql, validate, split, train, gate, register, deploy, batch-score, java. */
    public static StepTypes types() {
        return types(List.of());
    }

    /** The built-in step types and some more (tests add step types of their own). */
    public static StepTypes types(List<Step> more) {
        List<Step> steps = new ArrayList<>(List.of(new DatasetStep(), new SqlStep(), new ValidateStep(), new SplitStep(),
                new TrainStep(), new GateStep(), new RegisterStep(), new DeployStep(), new BatchScoreStep(), new JavaStep()));
        steps.addAll(more);
        return new StepTypes(steps);
    }
}
