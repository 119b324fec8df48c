/**
 * Interrupt lines: level-triggered {@link dev.tuber.machine.irq.IrqLine}s, device outputs ({@link
 * dev.tuber.machine.irq.IrqOutput}) connected to controller inputs ({@link
 * dev.tuber.machine.irq.InterruptInput}), and the harts' local interrupt controllers ({@link
 * dev.tuber.machine.irq.HartInterrupts}) that end at the CPU's {@code HartPort}s.
 */
package dev.tuber.machine.irq;
