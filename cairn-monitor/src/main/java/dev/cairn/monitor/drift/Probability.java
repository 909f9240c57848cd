package dev.cairn.monitor.drift;

/**
 * The tail probabilities the p-value tests need: the regularized upper incomplete gamma function
 * (series below {@code a + 1}, Lentz's continued fraction above, as in Numerical Recipes), which
 * gives both the chi-square and the normal tails, and the Kolmogorov distribution.
 */
public final class Probability {
    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 10_000;
    /** Lanczos coefficients (g = 5, n = 6): about 2e-10 relative error, far below what a p-value needs. */
    private static final double[] LANCZOS = {76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155,
            0.1208650973866179e-2, -0.5395239384953e-5};

    private Probability() {
    }

    /** ln Γ(x) for x > 0. */
    public static double lnGamma(double x) {
        double y = x;
        double tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.log(tmp);
        double series = 1.000000000190015;
        for (double c : LANCZOS) {
            series += c / ++y;
        }
        return -tmp + Math.log(2.5066282746310005 * series / x);
    }

    /** Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and x >= 0. */
    public static double upperRegularizedGamma(double a, double x) {
        if (!(a > 0) || !(x >= 0)) {
            throw new IllegalArgumentException("Q(a, x) needs a > 0 and x >= 0, not a=" + a + ", x=" + x);
        }
        if (x == 0) {
            return 1;
        }
        if (Double.isInfinite(x)) {
            return 0;
        }
        double front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
        if (x < a + 1) {
            // The series converges fast here, and P is not close to 1, so 1 - P loses nothing.
            double term = 1 / a;
            double sum = term;
            for (int n = 1; n < MAX_ITERATIONS && Math.abs(term) > Math.abs(sum) * EPSILON; n++) {
                term *= x / (a + n);
                sum += term;
            }
            return Math.max(0, 1 - sum * front);
        }
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < TINY ? TINY : d;
            c = b + an / c;
            c = Math.abs(c) < TINY ? TINY : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return front * h;
    }

    /** P(X >= x) for X chi-square distributed with {@code dof} degrees of freedom. */
    public static double chiSquareSurvival(double x, int dof) {
        if (dof < 1) {
            throw new IllegalArgumentException("chi-square needs at least 1 degree of freedom, not " + dof);
        }
        return x <= 0 ? 1 : upperRegularizedGamma(dof / 2.0, x / 2);
    }

    /** P(|Z| >= |z|) for a standard normal Z: erfc(|z| / sqrt 2) = Q(1/2, z² / 2). */
    public static double normalTwoSided(double z) {
        return upperRegularizedGamma(0.5, z * z / 2);
    }

    /**
     * The Kolmogorov distribution's survival function Q(λ) = P(K > λ). Below λ = 1 the alternating
     * series 2 Σ (-1)^(k-1) exp(-2 k² λ²) converges slowly, so there the equivalent Jacobi theta
     * form 1 - sqrt(2π)/λ Σ exp(-(2k-1)² π² / (8 λ²)) is summed instead.
     */
    public static double kolmogorovSurvival(double lambda) {
        if (lambda <= 0) {
            return 1;
        }
        if (lambda < 1) {
            double sum = 0;
            for (int k = 1; k <= 20; k++) {
                sum += Math.exp(-(2 * k - 1) * (2 * k - 1) * Math.PI * Math.PI / (8 * lambda * lambda));
            }
            return Math.min(1, Math.max(0, 1 - Math.sqrt(2 * Math.PI) / lambda * sum));
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? term : -term);
            if (term < EPSILON * sum) {
                break;
            }
        }
        return Math.min(1, Math.max(0, 2 * sum));
    }
}
