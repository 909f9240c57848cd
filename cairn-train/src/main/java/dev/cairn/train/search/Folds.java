package dev.cairn.train.search;

import dev.cairn.core.error.CairnException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * K-fold cross-validation splits of a set of rows: the rows are shuffled with the seed, dealt
 * into k folds, and each fold is validated on once while the others train.
 */
public final class Folds {
    private Folds() {
    }

    /** One fold: the rows to train on and the rows to validate on. */
    public record Fold(int[] train, int[] validation) {
    }

    /** The k folds of {@code rows}. */
    public static List<Fold> of(int[] rows, int k, long seed) {
        if (k < 2) {
            throw CairnException.invalidParameter("Cross-validation needs at least 2 folds, not " + k);
        }
        if (rows.length < k) {
            throw CairnException.invalidParameter("Cannot make " + k + " folds of " + rows.length + " rows");
        }
        int[] shuffled = rows.clone();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = swap;
        }
        List<Fold> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int from = (int) ((long) shuffled.length * f / k);
            int to = (int) ((long) shuffled.length * (f + 1) / k);
            int[] validation = Arrays.copyOfRange(shuffled, from, to);
            int[] train = new int[shuffled.length - validation.length];
            System.arraycopy(shuffled, 0, train, 0, from);
            System.arraycopy(shuffled, to, train, from, shuffled.length - to);
            folds.add(new Fold(train, validation));
        }
        return folds;
    }
}
