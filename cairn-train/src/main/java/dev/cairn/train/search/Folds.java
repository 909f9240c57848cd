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

    /**
     * A seeded sample of {@code count} of the rows {@code 0..size-1}, in ascending order (all of
     * them when {@code count >= size}): cross-validation on a large train part uses a sample.
     */
    public static int[] sample(int size, int count, long seed) {
        int[] all = new int[size];
        Arrays.setAll(all, i -> i);
        if (count >= size) {
            return all;
        }
        if (count < 1) {
            throw CairnException.invalidParameter("A sample needs at least 1 row, not " + count);
        }
        // A partial Fisher-Yates shuffle: the first count places end up a uniform sample.
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(size - i);
            int swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        int[] sample = Arrays.copyOf(all, count);
        Arrays.sort(sample);
        return sample;
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
