/**
 * The {@code cairn} command line: {@code server} runs Cairn; every other command is a client of
 * a running server, printing tables for people or JSON with {@code --json}.
 */
package dev.cairn.cli;
