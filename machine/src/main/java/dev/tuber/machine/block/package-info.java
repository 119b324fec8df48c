/**
 * Block back ends ({@code -drive}, {@code -blockdev}): raw image files and a copy-on-write overlay
 * for {@code snapshot=on}, stacked behind {@link dev.tuber.machine.block.BlockBackend}.
 */
package dev.tuber.machine.block;
