package dev.cairn.core.store;

import java.util.List;
import java.util.random.RandomGenerator;

/** Memorable names for runs that were started without one, as MLflow gives them ("brave-owl-417"). */
final class RunNames {
    private static final List<String> ADJECTIVES = List.of(
            "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "dapper", "eager", "fair",
            "gentle", "glad", "grand", "keen", "lively", "lucid", "merry", "nimble", "proud", "quiet",
            "rapid", "sharp", "silent", "smart", "steady", "sunny", "swift", "tidy", "vivid", "witty");
    private static final List<String> NOUNS = List.of(
            "badger", "bear", "crane", "deer", "eagle", "falcon", "finch", "fox", "hare", "heron",
            "ibis", "lark", "lynx", "marten", "moose", "otter", "owl", "panda", "raven", "robin",
            "seal", "shrew", "sparrow", "stoat", "swan", "tern", "toad", "vole", "wolf", "wren");

    private RunNames() {
    }

    /** A new random name. */
    static String generate(RandomGenerator random) {
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-"
                + NOUNS.get(random.nextInt(NOUNS.size())) + "-" + random.nextInt(1000);
    }
}
