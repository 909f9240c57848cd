package dev.cairn.core.tracking.search;

import static java.util.Objects.requireNonNull;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.search.FilterValue.NoValue;
import dev.cairn.core.tracking.search.FilterValue.NumberValue;
import dev.cairn.core.tracking.search.FilterValue.StringListValue;
import dev.cairn.core.tracking.search.FilterValue.StringValue;
import dev.cairn.core.tracking.search.SearchScope.KeyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recursive-descent parser over the characters of one filter or order_by clause.
 *
 * <p>It reads characters directly instead of tokenizing first because the same text means
 * different things by position: {@code "a b"} is a key after {@code params.} but a string value
 * after an operator, and {@code -} belongs to a key but starts a negative number.
 */
final class SearchParser {
    /** Longest filter accepted: a long filter is a slow query, and no person writes one this long. */
    static final int MAX_FILTER_LENGTH = 10_000;
    /**
     * Most conditions in a filter. Each metric, param or tag condition is a join: a 2,000-condition
     * filter ran for minutes, SQLite joins at most 64 tables, and PostgreSQL's planner, which no
     * timeout interrupts, took 0.35 s for 20 joins and 1.9 s for 50.
     */
    static final int MAX_CONDITIONS = 20;
    /** Most values in one {@code IN (...)} list. */
    static final int MAX_IN_VALUES = 1_000;
    private static final String IDENTIFIER_HINT =
            "an identifier such as metrics.rmse, params.lr, tags.team or an attribute name";

    private final String input;
    private final String subject;
    private final SearchScope scope;
    private int position;

    private SearchParser(String input, String subject, SearchScope scope) {
        this.input = input;
        this.subject = subject;
        this.scope = scope;
    }

    /** Parses a filter; null or blank gives no comparisons. */
    static List<Comparison> parseFilter(String filter, SearchScope scope) {
        requireNonNull(scope, "scope is null");
        if (filter == null || filter.isBlank()) {
            return List.of();
        }
        if (filter.length() > MAX_FILTER_LENGTH) {
            throw CairnException.invalidParameter("The filter has " + filter.length() + " characters; at most " + MAX_FILTER_LENGTH
                    + " are allowed");
        }
        List<Comparison> comparisons = new SearchParser(filter, "filter", scope).filter();
        if (comparisons.size() > MAX_CONDITIONS) {
            throw CairnException.invalidParameter("The filter has " + comparisons.size() + " conditions; at most " + MAX_CONDITIONS
                    + " are allowed (each one is a join the database must run)");
        }
        return comparisons;
    }

    /** Parses one order_by clause. */
    static OrderBy parseOrderBy(String clause, SearchScope scope) {
        requireNonNull(clause, "clause is null");
        requireNonNull(scope, "scope is null");
        return new SearchParser(clause, "order_by clause", scope).orderBy();
    }

    private List<Comparison> filter() {
        List<Comparison> comparisons = new ArrayList<>();
        while (true) {
            comparisons.add(comparison());
            skipWhitespace();
            if (atEnd()) {
                return comparisons;
            }
            String word = wordAt(position);
            if (word.equalsIgnoreCase("AND")) {
                position += word.length();
            } else if (word.equalsIgnoreCase("OR")) {
                throw error("found OR at position " + position
                        + ", but OR is not supported; combine conditions with AND");
            } else {
                throw unexpected("AND or the end of the filter");
            }
        }
    }

    private Comparison comparison() {
        skipWhitespace();
        if (!atEnd() && peek() == '(') {
            throw error("found '(' at position " + position
                    + ", but parentheses for grouping are not supported;"
                    + " write the conditions joined by AND, without parentheses");
        }
        Identifier identifier = identifier();
        KeyRule rule = filterRule(identifier);

        skipWhitespace();
        int operatorStart = position;
        Operator operator = operator(rule);
        if (!rule.operators().contains(operator)) {
            throw error("operator " + operator.symbol() + " at position " + operatorStart
                    + " is not allowed for '" + identifier.text() + "'; allowed operators are "
                    + rule.operatorSymbols());
        }

        FilterValue value;
        if (operator == Operator.IS_NULL || operator == Operator.IS_NOT_NULL) {
            value = new NoValue();
        } else {
            value = value(identifier, operator, rule);
        }
        return new Comparison(identifier.type(), identifier.key(), operator, value);
    }

    private KeyRule filterRule(Identifier identifier) {
        if (!scope.filters(identifier.type())) {
            throw error(identifier.type().pluralNoun() + " cannot be used to filter " + scope.noun()
                    + ", but found '" + identifier.text() + "' at position " + identifier.start()
                    + "; filter on tags.<key> or the attributes " + scope.filterAttributeNames());
        }
        return scope.filterRule(identifier.type(), identifier.key())
                .orElseThrow(() -> error("unknown attribute '" + identifier.text() + "' at position "
                        + identifier.start() + "; attributes that can filter " + scope.noun() + " are "
                        + scope.filterAttributeNames()));
    }

    private OrderBy orderBy() {
        if (input.isBlank()) {
            throw error("the clause is empty; write <identifier> [ASC|DESC], for example "
                    + (scope == SearchScope.RUNS ? "metrics.rmse DESC" : "creation_time DESC"));
        }
        Identifier identifier = identifier();
        if (!scope.ordersBy(identifier.type())) {
            throw error(scope.noun() + " cannot be ordered by " + identifier.type().pluralNoun()
                    + ", but found '" + identifier.text() + "' at position " + identifier.start()
                    + "; order by one of the attributes " + scope.orderByAttributeNames());
        }
        if (identifier.type() == EntityType.ATTRIBUTE && !scope.ordersByAttribute(identifier.key())) {
            throw error("cannot order " + scope.noun() + " by attribute '" + identifier.text()
                    + "' at position " + identifier.start() + "; attributes that can order "
                    + scope.noun() + " are " + scope.orderByAttributeNames());
        }

        skipWhitespace();
        boolean ascending = true;
        if (!atEnd()) {
            String word = wordAt(position);
            if (word.equalsIgnoreCase("ASC")) {
                ascending = true;
            } else if (word.equalsIgnoreCase("DESC")) {
                ascending = false;
            } else {
                throw unexpected("ASC, DESC or the end of the clause");
            }
            position += word.length();
            skipWhitespace();
            if (!atEnd()) {
                throw unexpected("the end of the clause after " + word
                        + "; give each order_by clause its own list entry");
            }
        }
        return new OrderBy(identifier.type(), identifier.key(), ascending);
    }

    /**
     * Reads {@code <prefix>.<key>}, {@code <prefix>.`<key>`}, a bare attribute name or a quoted
     * attribute name; attribute names come back canonical.
     */
    private Identifier identifier() {
        skipWhitespace();
        int start = position;
        if (atEnd()) {
            throw unexpected(IDENTIFIER_HINT);
        }
        char first = peek();
        if (isKeyQuote(first)) {
            String name = quotedKey();
            return new Identifier(EntityType.ATTRIBUTE, scope.canonicalAttribute(name), text(start), start);
        }
        if (!isWordCharacter(first)) {
            throw unexpected(IDENTIFIER_HINT);
        }
        String word = wordAt(position);
        position += word.length();
        int dot = word.indexOf('.');
        if (dot < 0) {
            return new Identifier(EntityType.ATTRIBUTE, scope.canonicalAttribute(word), word, start);
        }
        String prefix = word.substring(0, dot);
        EntityType type = EntityType.fromPrefix(prefix)
                .orElseThrow(() -> error("unknown prefix '" + prefix + "' in '" + word + "' at position "
                        + start + "; use metrics., params., tags. or attributes., or no prefix for an attribute"));
        String key = word.substring(dot + 1);
        if (key.isEmpty()) {
            if (atEnd() || !isKeyQuote(peek())) {
                throw error("missing key after '" + word + "' at position " + position
                        + "; write for example " + word + "name, or quote a key that has spaces or symbols: "
                        + word + "`my key`");
            }
            key = quotedKey();
        }
        if (type == EntityType.ATTRIBUTE) {
            key = scope.canonicalAttribute(key);
        }
        return new Identifier(type, key, text(start), start);
    }

    private String quotedKey() {
        int start = position;
        String key = quoted("quoted key");
        if (key.isEmpty()) {
            throw error("empty quoted key at position " + start + "; put the key between the quotes");
        }
        return key;
    }

    private Operator operator(KeyRule rule) {
        String hint = "an operator (" + rule.operatorSymbols() + ")";
        if (atEnd()) {
            throw unexpected(hint);
        }
        char first = peek();
        boolean equalsFollows = position + 1 < input.length() && input.charAt(position + 1) == '=';
        if (first == '=' || first == '>' || first == '<' || (first == '!' && equalsFollows)) {
            position += first != '=' && equalsFollows ? 2 : 1;
            return switch (first) {
                case '=' -> Operator.EQ;
                case '!' -> Operator.NOT_EQ;
                case '>' -> equalsFollows ? Operator.GTE : Operator.GT;
                default -> equalsFollows ? Operator.LTE : Operator.LT;
            };
        }
        int start = position;
        String word = wordAt(position).toUpperCase(Locale.ROOT);
        Operator operator = switch (word) {
            case "LIKE" -> Operator.LIKE;
            case "ILIKE" -> Operator.ILIKE;
            case "IN" -> Operator.IN;
            case "NOT" -> Operator.NOT_IN;
            case "IS" -> Operator.IS_NULL;
            default -> throw unexpected(hint);
        };
        position += word.length();
        if (operator == Operator.NOT_IN) {
            expectKeyword("IN", "IN after NOT at position " + start);
        } else if (operator == Operator.IS_NULL) {
            skipWhitespace();
            if (wordAt(position).equalsIgnoreCase("NOT")) {
                position += "NOT".length();
                operator = Operator.IS_NOT_NULL;
            }
            expectKeyword("NULL", "NULL or NOT NULL after IS at position " + start);
        }
        return operator;
    }

    private void expectKeyword(String keyword, String hint) {
        skipWhitespace();
        if (!wordAt(position).equalsIgnoreCase(keyword)) {
            throw unexpected(hint);
        }
        position += keyword.length();
    }

    /** Reads the operand of a single-valued or list operator and checks it has the expected shape. */
    private FilterValue value(Identifier identifier, Operator operator, KeyRule rule) {
        String expected = rule.expectedValue(operator);
        skipWhitespace();
        int start = position;
        if (atEnd()) {
            throw unexpected(expected);
        }
        char first = peek();
        FilterValue value;
        String kind;
        if (first == '\'' || first == '"') {
            value = new StringValue(quoted("string"));
            kind = "the string";
        } else if (first == '(') {
            value = list();
            kind = "the list";
        } else if (isNumberStart(first)) {
            value = number();
            kind = "the number";
        } else if (isWordCharacter(first)) {
            String word = wordAt(position);
            if (word.equalsIgnoreCase("NULL")) {
                throw error("unexpected NULL at position " + start
                        + "; test for a missing value with IS NULL or IS NOT NULL");
            }
            boolean wantsString = !rule.numeric() && operator != Operator.IN && operator != Operator.NOT_IN;
            throw error("unexpected '" + word + "' at position " + start + "; expected " + expected
                    + (wantsString ? ", so quote the value: '" + word + "'" : ""));
        } else {
            throw unexpected(expected);
        }

        boolean fits = switch (operator) {
            case IN, NOT_IN -> value instanceof StringListValue;
            default -> rule.numeric() ? value instanceof NumberValue : value instanceof StringValue;
        };
        if (!fits) {
            throw error("'" + identifier.text() + "' " + operator.symbol() + " expects " + expected
                    + ", but got " + kind + " " + text(start) + " at position " + start);
        }
        return value;
    }

    private StringListValue list() {
        int open = position;
        position++;
        skipWhitespace();
        if (!atEnd() && peek() == ')') {
            throw error("empty list at position " + open + "; IN and NOT IN need at least one quoted string");
        }
        List<String> values = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (atEnd() || (peek() != '\'' && peek() != '"')) {
                throw unexpected("a quoted string in the list opened at position " + open);
            }
            values.add(quoted("string"));
            skipWhitespace();
            if (atEnd()) {
                throw unexpected("',' or ')' to close the list opened at position " + open);
            }
            char next = peek();
            if (next == ')') {
                position++;
                if (values.size() > MAX_IN_VALUES) {
                    throw CairnException.invalidParameter("An IN list has " + values.size() + " values; at most " + MAX_IN_VALUES + " are allowed");
                }
                return new StringListValue(values);
            }
            if (next != ',') {
                throw unexpected("',' or ')' in the list opened at position " + open);
            }
            position++;
        }
    }

    /** Reads {@code [+-](digits[.digits]|.digits)[(e|E)[+-]digits]}. */
    private NumberValue number() {
        int start = position;
        if (peek() == '+' || peek() == '-') {
            position++;
        }
        int digits = skipDigits();
        if (!atEnd() && peek() == '.') {
            position++;
            digits += skipDigits();
        }
        boolean wellFormed = digits > 0;
        if (wellFormed && !atEnd() && (peek() == 'e' || peek() == 'E')) {
            position++;
            if (!atEnd() && (peek() == '+' || peek() == '-')) {
                position++;
            }
            wellFormed = skipDigits() > 0;
        }
        if (!wellFormed || (!atEnd() && isWordCharacter(peek()))) {
            int end = start + 1;
            while (end < input.length() && isWordCharacter(input.charAt(end))) {
                end++;
            }
            throw error("malformed number '" + input.substring(start, end) + "' at position " + start
                    + "; write numbers like 42, -0.5 or 1e-3");
        }
        String literal = text(start);
        double value = Double.parseDouble(literal);
        if (Double.isInfinite(value)) {
            throw error("number " + literal + " at position " + start + " is too large");
        }
        return new NumberValue(value);
    }

    private int skipDigits() {
        int start = position;
        while (!atEnd() && peek() >= '0' && peek() <= '9') {
            position++;
        }
        return position - start;
    }

    /** Reads a quoted text starting at the current quote; a doubled quote stands for one. */
    private String quoted(String what) {
        char quote = peek();
        int start = position;
        position++;
        StringBuilder text = new StringBuilder();
        while (position < input.length()) {
            char current = input.charAt(position++);
            if (current != quote) {
                text.append(current);
            } else if (position < input.length() && input.charAt(position) == quote) {
                text.append(quote);
                position++;
            } else {
                return text.toString();
            }
        }
        throw error("unterminated " + what + " starting at position " + start + "; close it with " + quote);
    }

    private CairnException unexpected(String expected) {
        String found = atEnd() ? "end of " + subject : "'" + tokenAt(position) + "'";
        return error("unexpected " + found + " at position " + position + "; expected " + expected);
    }

    private CairnException error(String detail) {
        return CairnException.invalidParameter("Invalid " + subject + " '" + input + "': " + detail);
    }

    /** The word starting at an index, or the single character there if it does not start a word. */
    private String tokenAt(int index) {
        String word = wordAt(index);
        return word.isEmpty() ? String.valueOf(input.charAt(index)) : word;
    }

    private String wordAt(int index) {
        int end = index;
        while (end < input.length() && isWordCharacter(input.charAt(end))) {
            end++;
        }
        return input.substring(index, end);
    }

    private String text(int start) {
        return input.substring(start, position);
    }

    private void skipWhitespace() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            position++;
        }
    }

    private boolean atEnd() {
        return position >= input.length();
    }

    private char peek() {
        return input.charAt(position);
    }

    private static boolean isWordCharacter(char character) {
        return Character.isLetterOrDigit(character) || "_-./".indexOf(character) >= 0;
    }

    private static boolean isKeyQuote(char character) {
        return character == '`' || character == '"';
    }

    private static boolean isNumberStart(char character) {
        return (character >= '0' && character <= '9') || "+-.".indexOf(character) >= 0;
    }

    /**
     * An identifier as parsed.
     *
     * @param type what the key refers to
     * @param key the key with quotes removed; canonical for attributes
     * @param text the identifier as written, for error messages
     * @param start where the identifier starts in the input
     */
    private record Identifier(EntityType type, String key, String text, int start) {}
}
