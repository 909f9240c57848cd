package dev.cairn.model.xgboost;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.runtime.ModelContext;
import dev.cairn.model.runtime.Predictor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs a two-class XGBoost booster on encoded rows: the package's features, in its order, are the
 * matrix's columns, and a zero or a missing value is left out of the matrix as it was in training.
 * Each scoring thread borrows a booster of its own: xgboost4j 1.6 does not promise that one booster
 * predicts on several threads at once, so one shared booster would score one request at a time.
 */
public final class XGBoostPredictor implements Predictor {
    /** Boosters kept between calls; a burst of more callers than this loads extra ones and frees them after. */
    private static final int KEPT = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final BlockingQueue<BinaryBooster> idle = new ArrayBlockingQueue<>(KEPT);
    private byte[] model;
    private List<String> classes;
    private int threads;
    private volatile boolean closed;

    @Override
    public void init(ModelContext context) {
        ModelDescriptor descriptor = context.modelPackage().descriptor();
        if (descriptor.classLabels().size() != 2) {
            throw CairnException.invalidParameter("The xgboost flavor serves two-class models; cairn-model.yaml names "
                    + descriptor.classLabels().size() + " class_labels");
        }
        Path modelFile = context.modelPackage().file(descriptor.modelFile());
        try {
            // Kept in memory: more boosters for more scoring threads load from it, not from a folder that may be gone by then.
            model = Files.readAllBytes(modelFile);
        } catch (IOException e) {
            throw CairnException.invalidParameter("Cannot read the package's XGBoost model " + modelFile.getFileName());
        }
        classes = descriptor.classLabels();
        threads = context.intraOpThreads();
        // Loaded now, so a broken file fails the load rather than the first request.
        idle.add(load());
    }

    private BinaryBooster load() {
        BinaryBooster booster = BinaryBooster.load(model, classes);
        if (threads > 0) {
            // Without it each call starts every OpenMP thread, which a one-row request pays for and several scoring threads fight over.
            booster.threads(threads);
        }
        return booster;
    }

    private ClassProbabilities score(SparseRows rows) {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
        BinaryBooster booster = idle.poll();
        if (booster == null) {
            booster = load();
        }
        try {
            return booster.predict(rows);
        } finally {
            // A booster returned after close, or beyond the ones kept, is freed now: nothing else would free its native memory.
            if (closed || !idle.offer(booster)) {
                booster.booster().dispose();
            } else if (closed) {
                // Closed while this one was being put back, after close had emptied the queue.
                disposeIdle();
            }
        }
    }

    @Override
    public Frame predict(Frame input) {
        return score(SparseRows.ofFrame(input)).toFrame();
    }

    @Override
    public void close() {
        closed = true;
        disposeIdle();
    }

    private void disposeIdle() {
        for (BinaryBooster booster = idle.poll(); booster != null; booster = idle.poll()) {
            booster.booster().dispose();
        }
    }
}
