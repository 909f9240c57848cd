/** Model packages: a folder with {@code cairn-model.yaml} and the files a runtime loads. */
package dev.cairn.model.pkg;
