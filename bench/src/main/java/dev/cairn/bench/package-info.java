/** Benchmark programs, run by hand (never as tests); their figures go to docs/benchmarks.md. */
package dev.cairn.bench;
