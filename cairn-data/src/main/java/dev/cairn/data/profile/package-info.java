/** Schema and statistical profile of a table, computed by DuckDB: the reference monitoring compares against. */
package dev.cairn.data.profile;
