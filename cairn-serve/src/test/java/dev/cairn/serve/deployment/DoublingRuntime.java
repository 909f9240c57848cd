package dev.cairn.serve.deployment;

import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelFlavor;
import dev.cairn.model.runtime.ModelContext;
import dev.cairn.model.runtime.ModelRuntime;
import dev.cairn.model.runtime.Predictor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test flavor found through the runtime SPI, as a new flavor's module would be: it doubles its
 * input {@code x} and remembers the size of every batch it was called with. An input of -1 makes
 * it fail, as a broken model would.
 */
public final class DoublingRuntime implements ModelRuntime {
    /** The rows of each model call, in order. */
    static final List<Integer> BATCHES = new CopyOnWriteArrayList<>();

    @Override
    public ModelFlavor flavor() {
        return new ModelFlavor("doubling");
    }

    @Override
    public Predictor newPredictor() {
        return new Predictor() {
            @Override
            public void init(ModelContext context) {
            }

            @Override
            public Frame predict(Frame input) {
                BATCHES.add(input.rowCount());
                double[] x = ((Column.Numbers) input.columns().get(0)).values();
                double[] doubled = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    if (x[i] == -1) {
                        throw new IllegalStateException("the doubling model cannot take -1");
                    }
                    doubled[i] = 2 * x[i];
                }
                return new Frame(List.of(Column.Numbers.ofDoubles("prediction", doubled)));
            }
        };
    }
}
