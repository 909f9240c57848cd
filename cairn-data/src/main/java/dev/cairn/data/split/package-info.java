/** Train / test / monitor splits of a dataset: by time ranges of a column, or by ratios with a seed. */
package dev.cairn.data.split;
