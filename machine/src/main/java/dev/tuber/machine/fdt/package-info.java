/** Flattened device trees: building, DTB encoding (version 17) and decoding. */
package dev.tuber.machine.fdt;
