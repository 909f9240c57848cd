/** The experiments list and an experiment's runs table: MLflow filters, chosen columns, sorting, paging, nesting. */
package dev.cairn.dashboard.experiments;
