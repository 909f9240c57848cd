/** Data validation rules (YAML) checked by DuckDB, and the report naming every failing rule with example values. */
package dev.cairn.data.validate;
