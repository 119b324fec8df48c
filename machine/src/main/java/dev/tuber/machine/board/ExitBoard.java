package dev.tuber.machine.board;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import dev.tuber.isa.spi.Board;
import dev.tuber.isa.spi.HartPort;
import dev.tuber.isa.spi.HartReset;
import dev.tuber.isa.spi.MachineHost;
import dev.tuber.isa.spi.PhysicalBus;
import dev.tuber.machine.Machine;
import dev.tuber.machine.loader.RvAsm;
import dev.tuber.machine.memory.MemoryBlock;
import dev.tuber.machine.memory.MmioHandler;
import dev.tuber.machine.memory.MmioRegion;
import dev.tuber.machine.time.MachineClock;

/**
 * The board of a run that only prints something (QEMU's {@code -device help}, {@code -M help},
 * {@code dumpdtb}) and ends, as QEMU exits after printing. The CPU still runs one hart, so the
 * board gives it a two-instruction program: a store to an exit register, then a loop.
 */
final class ExitBoard implements Board {
    private static final long ROM = 0x1000;
    private static final long EXIT_REGISTER = 0x100000;

    private final Machine machine;

    private ExitBoard(MachineHost host, int status) {
        machine = new Machine(host, null, MachineClock.DEFAULT_FREQUENCY, "none");
        MemoryBlock rom = machine.allocateRom("exit.rom", PhysicalBus.PAGE_SIZE);
        byte[] code = RvAsm.bytes(
                        RvAsm.lui(RvAsm.T0, (int) (EXIT_REGISTER >>> 12)),  // t0 = exit register
                        RvAsm.sw(RvAsm.ZERO, RvAsm.T0, 0),                // store: the run ends
                        RvAsm.jal(RvAsm.ZERO, 0));                        // wait for the end
        rom.copyIn(0, code, 0, code.length);
        machine.memory().addMemory(ROM, rom);
        machine.memory().addMmio(EXIT_REGISTER, new MmioRegion("exit", 0x1000, new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                return 0;
            }

            @Override
            public void write(long offset, int size, long value) {
                host.requestExit(status);
            }
        }));
    }

    /** Prints {@code text} on the host's standard output and returns a board that exits with 0. */
    static ExitBoard printing(MachineHost host, String text) {
        write(host.out(), text);
        return new ExitBoard(host, 0);
    }

    /** Prints {@code text} on the host's standard error and returns a board that exits with 0. */
    static ExitBoard informing(MachineHost host, String text) {
        write(host.err(), text);
        return new ExitBoard(host, 0);
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // nothing to do if the terminal is gone
        }
    }

    @Override
    public PhysicalBus bus() {
        return machine.memory();
    }

    @Override
    public int hartCount() {
        return 1;
    }

    @Override
    public void connect(HartPort[] harts) {
    }

    @Override
    public HartReset resetState(int hartId) {
        return new HartReset(ROM, hartId, 0, 0);
    }

    @Override
    public long readTime() {
        return machine.clock().now();
    }

    @Override
    public long timebaseFrequency() {
        return machine.clock().frequency();
    }

    @Override
    public void reset() {
    }

    @Override
    public void close() {
        machine.close();
    }
}
