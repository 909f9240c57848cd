package dev.cairn.dashboard;

import dev.cairn.core.tracking.search.SearchFilter;

import java.util.Locale;

/**
 * The "name contains" box of the experiments and models lists. The store narrows with
 * {@code ILIKE}, where {@code %} and {@code _} are wildcards; the page then keeps only names that
 * hold the text as typed, so searching for {@code _} finds names with an underscore.
 */
public final class NameSearch {
    private NameSearch() {
    }

    /** The store filter for names containing {@code text}; no condition for empty text. */
    public static String filter(String text) {
        return text.isEmpty() ? "" : "name ILIKE " + SearchFilter.literal("%" + text + "%");
    }

    /** True when {@code name} holds {@code text}, ignoring case, as ILIKE does. */
    public static boolean contains(String name, String text) {
        return name.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT));
    }
}
