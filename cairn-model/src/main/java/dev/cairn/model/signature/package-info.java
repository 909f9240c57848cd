/** Model signatures: named, typed inputs and outputs, enforced before a model sees data. */
package dev.cairn.model.signature;
