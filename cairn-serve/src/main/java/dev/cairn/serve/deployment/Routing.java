package dev.cairn.serve.deployment;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

import static java.util.Objects.requireNonNull;

/**
 * One revision of a deployment as it serves: its loaded arms and its policy. Immutable; a rollout
 * builds a new one and swaps it in whole, so a request sees either the old routing or the new.
 */
final class Routing {
    /** One arm: its spec, the loaded version, its recent requests and, with batching on, its batcher. */
    record Arm(ArmSpec spec, LiveVersion live, ArmStats stats, Optional<MicroBatcher> batcher) {
        Arm {
            requireNonNull(spec, "spec is null");
            requireNonNull(live, "live is null");
            requireNonNull(stats, "stats is null");
            requireNonNull(batcher, "batcher is null");
        }
    }

    /** Where a request goes: the arm that answers and, under a shadow policy, the arm that gets a copy. */
    record Choice(Arm primary, Optional<Arm> shadow) {
    }

    private final DeploymentSpec spec;
    private final long revision;
    private final List<Arm> arms;
    private final double totalWeight;
    private final Semaphore scoringSlots;

    Routing(DeploymentSpec spec, long revision, List<Arm> arms) {
        this.spec = requireNonNull(spec, "spec is null");
        this.revision = revision;
        this.arms = List.copyOf(arms);
        this.totalWeight = arms.stream().mapToDouble(arm -> arm.spec().weight()).sum();
        // Not fair: a fair semaphore hands each slot over through a queue, which costs more than scoring a row.
        this.scoringSlots = new Semaphore(spec.settings().threads());
    }

    DeploymentSpec spec() {
        return spec;
    }

    long revision() {
        return revision;
    }

    List<Arm> arms() {
        return arms;
    }

    Semaphore scoringSlots() {
        return scoringSlots;
    }

    Arm arm(String name) {
        return arms.stream().filter(arm -> arm.spec().name().equals(name)).findFirst().orElseThrow();
    }

    /** Picks the arm for a request; a sticky key always maps to the same A/B arm. */
    Choice choose(Optional<String> stickyKey) {
        TrafficPolicy policy = spec.policy();
        if (policy instanceof TrafficPolicy.Canary canary) {
            boolean toCanary = ThreadLocalRandom.current().nextDouble(100) < canary.percent();
            return new Choice(arm(toCanary ? "canary" : DeploymentSpec.STABLE), Optional.empty());
        }
        if (policy instanceof TrafficPolicy.Shadow) {
            return new Choice(arm(DeploymentSpec.STABLE), Optional.of(arm("shadow")));
        }
        if (policy instanceof TrafficPolicy.Split) {
            double point = stickyKey.map(Routing::unitInterval).orElseGet(() -> ThreadLocalRandom.current().nextDouble()) * totalWeight;
            double cumulative = 0;
            for (Arm arm : arms) {
                cumulative += arm.spec().weight();
                if (point < cumulative) {
                    return new Choice(arm, Optional.empty());
                }
            }
            return new Choice(arms.get(arms.size() - 1), Optional.empty());
        }
        return new Choice(arms.get(0), Optional.empty());
    }

    /** Hashes a key to [0, 1) evenly (a 64-bit mix of its hash code; String.hashCode alone clusters). */
    private static double unitInterval(String key) {
        long h = key.hashCode() * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        h ^= h >>> 32;
        return (h >>> 11) * 0x1.0p-53;
    }

    /** Drops this routing's hold on its versions; each closes once no routing or request uses it. */
    void retire() {
        arms.forEach(arm -> arm.batcher().ifPresent(MicroBatcher::close));
        arms.forEach(arm -> arm.live().release());
    }
}
