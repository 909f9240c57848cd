/** Monitoring reports as JSON, the one form the CLI prints, the API answers and the store keeps, and as self-contained HTML pages built from it. */
package dev.cairn.monitor.report;
