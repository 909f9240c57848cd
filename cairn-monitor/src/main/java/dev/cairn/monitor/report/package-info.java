/** Monitoring reports as JSON, the one form the CLI prints, the API answers and the store keeps. */
package dev.cairn.monitor.report;
