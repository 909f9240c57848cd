/**
 * Parsing of MLflow's search grammar: the {@code filter} strings and {@code order_by} clauses that
 * {@code runs/search} and {@code experiments/search} accept.
 *
 * <p>{@link dev.cairn.core.tracking.search.SearchFilter} turns a filter such as {@code
 * metrics.rmse < 1 AND params.model = 'tree'} into a list of {@link
 * dev.cairn.core.tracking.search.Comparison}s, and {@link dev.cairn.core.tracking.search.OrderBy}
 * turns a clause such as {@code metrics.rmse DESC} into a key and a direction. Both check the
 * identifiers, operators and values against what the searched entity supports, and return
 * attribute names in their canonical spelling (for example {@code created} becomes {@code
 * start_time}), so that stores can switch on them.
 *
 * <p>Every rejected input raises a {@link dev.cairn.core.error.CairnException} with code {@link
 * dev.cairn.core.error.ErrorCode#INVALID_PARAMETER_VALUE}; its message quotes the input and names
 * the offending token and its position, counted in characters from 0.
 */
package dev.cairn.core.tracking.search;
