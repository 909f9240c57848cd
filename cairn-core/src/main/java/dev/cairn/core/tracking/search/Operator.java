package dev.cairn.core.tracking.search;

/** A comparison operator of the search grammar. */
public enum Operator {
    /** Equal to: {@code =}. */
    EQ("="),
    /** Not equal to: {@code !=}. */
    NOT_EQ("!="),
    /** Greater than: {@code >}. */
    GT(">"),
    /** Greater than or equal to: {@code >=}. */
    GTE(">="),
    /** Less than: {@code <}. */
    LT("<"),
    /** Less than or equal to: {@code <=}. */
    LTE("<="),
    /** Case-sensitive SQL pattern match: {@code LIKE}. */
    LIKE("LIKE"),
    /** Case-insensitive SQL pattern match: {@code ILIKE}. */
    ILIKE("ILIKE"),
    /** Membership in a list of strings: {@code IN}. */
    IN("IN"),
    /** Absence from a list of strings: {@code NOT IN}. */
    NOT_IN("NOT IN"),
    /** The key is not set: {@code IS NULL}. */
    IS_NULL("IS NULL"),
    /** The key is set: {@code IS NOT NULL}. */
    IS_NOT_NULL("IS NOT NULL");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in a filter, for example {@code ">="} or {@code "NOT IN"}. */
    public String symbol() {
        return symbol;
    }
}
