package dev.tuber.isa.spi;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * What the language offers a board: the process's standard streams (as the polyglot context set
 * them up), machine-wide requests, and the hook that keeps translated code coherent with memory
 * that is written behind the CPU's back.
 */
public interface MachineHost {

    /** The guest's standard input (a UART on {@code -nographic} reads it). */
    InputStream in();

    /** The guest's standard output. */
    OutputStream out();

    /** Where diagnostics for the user go (standard error of the context). */
    OutputStream err();

    /**
     * Ends the run of the machine: every hart stops at its next poll and the evaluation returns
     * {@code status}. Callable from any thread; the first request wins.
     */
    void requestExit(int status);

    /** Asks for a system reset (all harts return to their reset state). */
    void requestReset();

    /**
     * Tells the CPU that physical memory in {@code [paddr, paddr+length)} was written other than by
     * a hart store (DMA, loaders, the debugger), so translated code of those pages is dropped.
     */
    void memoryWritten(long paddr, long length);
}
