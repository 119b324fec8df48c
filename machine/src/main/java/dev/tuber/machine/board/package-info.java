/**
 * The boards: {@code virt} and {@code spike} as QEMU 7.2 builds them, each a memory-map table plus
 * the wiring of its devices, on the shared boot flow of {@link dev.tuber.machine.board.RiscvBoard};
 * {@link dev.tuber.machine.board.TuberBoardProvider} is the CPU's entry point.
 */
package dev.tuber.machine.board;
