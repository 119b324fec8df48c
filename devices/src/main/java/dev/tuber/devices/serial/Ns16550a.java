package dev.tuber.devices.serial;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.tuber.isa.spi.BusError;
import dev.tuber.machine.chardev.CharFrontend;
import dev.tuber.machine.chardev.Chardev;
import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.irq.InterruptInput;
import dev.tuber.machine.irq.IrqLine;
import dev.tuber.machine.irq.IrqOutput;
import dev.tuber.machine.memory.MmioHandler;
import dev.tuber.machine.memory.MmioRegion;
import dev.tuber.machine.qdev.BusType;
import dev.tuber.machine.qdev.DeviceCategory;
import dev.tuber.machine.qdev.DeviceType;
import dev.tuber.machine.qdev.Property;
import dev.tuber.machine.qdev.SysBusDevice;

/**
 * A 16550A UART on the system bus (QEMU's {@code serial-mm}, {@code hw/char/serial.c}), with the
 * register set Linux's 8250 driver and OpenSBI use:
 *
 * <pre>
 * offset  read                      write
 *   0     RBR receive buffer        THR transmit holding     (DLL with LCR.DLAB)
 *   1     IER interrupt enable      IER                      (DLM with LCR.DLAB)
 *   2     IIR interrupt identity    FCR FIFO control
 *   3     LCR line control          LCR
 *   4     MCR modem control         MCR
 *   5     LSR line status           -
 *   6     MSR modem status          -
 *   7     SCR scratch               SCR
 * </pre>
 *
 * Registers are {@code 1 << regshift} bytes apart. Transmission is immediate (the back end takes
 * the byte at once, so THRE is back before the guest looks). With FIFOs enabled, received bytes
 * queue in a 16-byte FIFO; the receive interrupt fires at the trigger level, or after four
 * character times without reads (the character timeout, IIR {@code 0xC}). In loopback mode (MCR
 * bit 4) transmitted bytes come back as input and MSR reflects MCR's outputs.
 *
 * <p>Interrupt output 0 is level-triggered and high while IIR reports a pending interrupt.
 */
public final class Ns16550a extends SysBusDevice implements CharFrontend {
    public static final Property<Chardev> CHARDEV = Property.chardev("chardev", "ID of a chardev to use as a backend");
    public static final Property<Long> REGSHIFT = Property.uint8("regshift", 0, "registers are 1 << regshift bytes apart");
    public static final Property<Long> BAUDBASE = Property.uint32("baudbase", 115200, "baud rate at divisor 1 (input clock / 16)");
    public static final Property<Long> CLOCK_FREQUENCY = Property.uint32("clock-frequency", 3686400,
                    "input clock in Hz, for the device tree");

    public static final DeviceType<Ns16550a> TYPE = DeviceType.builder("serial-mm", Ns16550a::new)
                    .description("16550A UART, memory-mapped")
                    .category(DeviceCategory.INPUT)
                    .bus(BusType.SYSTEM)
                    .properties(CHARDEV, REGSHIFT, BAUDBASE, CLOCK_FREQUENCY)
                    // A system-bus device has no address of its own: the board maps it from its
                    // memory map and wires its interrupt to the board's interrupt controller.
                    .notUserCreatable("the board maps it at a fixed address and wires its interrupt")
                    .build();

    public static final int RBR = 0;
    public static final int THR = 0;
    public static final int DLL = 0;
    public static final int IER = 1;
    public static final int DLM = 1;
    public static final int IIR = 2;
    public static final int FCR = 2;
    public static final int LCR = 3;
    public static final int MCR = 4;
    public static final int LSR = 5;
    public static final int MSR = 6;
    public static final int SCR = 7;

    public static final int IER_RDI = 0x01;
    public static final int IER_THRI = 0x02;
    public static final int IER_RLSI = 0x04;
    public static final int IER_MSI = 0x08;

    public static final int IIR_NO_INT = 0x01;
    public static final int IIR_ID = 0x06;
    public static final int IIR_MSI = 0x00;
    public static final int IIR_THRI = 0x02;
    public static final int IIR_RDI = 0x04;
    public static final int IIR_RLSI = 0x06;
    public static final int IIR_CTI = 0x0C;
    public static final int IIR_FIFO_ENABLED = 0xC0;

    public static final int FCR_FE = 0x01;
    public static final int FCR_RFR = 0x02;
    public static final int FCR_XFR = 0x04;
    public static final int FCR_ITL_MASK = 0xC0;

    public static final int LCR_DLAB = 0x80;

    public static final int MCR_DTR = 0x01;
    public static final int MCR_RTS = 0x02;
    public static final int MCR_OUT1 = 0x04;
    public static final int MCR_OUT2 = 0x08;
    public static final int MCR_LOOP = 0x10;

    public static final int LSR_DR = 0x01;
    public static final int LSR_OE = 0x02;
    public static final int LSR_PE = 0x04;
    public static final int LSR_FE = 0x08;
    public static final int LSR_BI = 0x10;
    public static final int LSR_THRE = 0x20;
    public static final int LSR_TEMT = 0x40;
    /** The LSR bits that raise the line-status interrupt. */
    public static final int LSR_INT_ANY = 0x1E;

    public static final int MSR_DCTS = 0x01;
    public static final int MSR_DDSR = 0x02;
    public static final int MSR_TERI = 0x04;
    public static final int MSR_DDCD = 0x08;
    public static final int MSR_ANY_DELTA = 0x0F;
    public static final int MSR_CTS = 0x10;
    public static final int MSR_DSR = 0x20;
    public static final int MSR_RI = 0x40;
    public static final int MSR_DCD = 0x80;

    public static final int FIFO_SIZE = 16;

    private final IrqOutput irq;
    private Chardev chardev;
    private int regshift;
    private long baudbase;

    // registers (guarded by this)
    private int divider;
    private int rbr;
    private int ier;
    private int iir;
    private int lcr;
    private int mcr;
    private int lsr;
    private int msr;
    private int scr;
    private int fcr;
    private int thr;
    private int fifoTriggerLevel = 1;
    private boolean thrInterruptPending;
    private boolean timeoutPending;
    private final ArrayDeque<Integer> rxFifo = new ArrayDeque<>();
    private final ArrayDeque<Integer> txFifo = new ArrayDeque<>();
    private long charTimeNanos;
    private ScheduledFuture<?> timeout;
    /** Set by the first reset: input arriving before it would be wiped by that reset. */
    private boolean poweredOn;

    private Ns16550a(DeviceType<Ns16550a> type) {
        super(type);
        this.irq = initIrqs(1)[0];
    }

    @Override
    protected void onRealize() {
        regshift = getInt(REGSHIFT);
        if (regshift > 3) {
            throw new dev.tuber.isa.spi.BoardException("serial-mm: regshift must be 0..3, not " + regshift);
        }
        baudbase = get(BAUDBASE);
        chardev = get(CHARDEV);
        initMmio(new MmioRegion("serial", 8L << regshift, new Registers(), MmioRegion.sizes(1, 4)));
        if (chardev != null) {
            chardev.setFrontend(this);
        }
    }

    @Override
    protected void onUnrealize() {
        synchronized (this) {
            cancelTimeout();
        }
        if (chardev != null) {
            chardev.setFrontend(null);
        }
    }

    @Override
    protected synchronized void onResetEnter() {
        rbr = 0;
        ier = 0;
        iir = IIR_NO_INT;
        lcr = 0;
        lsr = LSR_TEMT | LSR_THRE;
        msr = MSR_DCD | MSR_DSR | MSR_CTS;
        divider = 0x0C; // 9600 baud at the usual 1.8432 MHz clock
        mcr = MCR_OUT2;
        scr = 0;
        fcr = 0;
        fifoTriggerLevel = 1;
        charTimeNanos = 1_000_000_000L / 9600 * 10;
        rxFifo.clear();
        txFifo.clear();
        thrInterruptPending = false;
        timeoutPending = false;
        cancelTimeout();
    }

    @Override
    protected void onResetHold() {
        irq.lower();
    }

    @Override
    protected void onResetExit() {
        synchronized (this) {
            poweredOn = true;
        }
        if (chardev != null) {
            chardev.acceptInput();
        }
    }

    /** The interrupt output (also {@code irq(0)}). */
    public IrqOutput interrupt() {
        return irq;
    }

    // --- registers ---------------------------------------------------------------------------------------

    private final class Registers implements MmioHandler {
        @Override
        public long read(long offset, int size) {
            if ((offset & ((1L << regshift) - 1)) != 0) {
                throw BusError.INSTANCE;
            }
            return readRegister((int) (offset >> regshift) & 7);
        }

        @Override
        public void write(long offset, int size, long value) {
            if ((offset & ((1L << regshift) - 1)) != 0) {
                throw BusError.INSTANCE;
            }
            writeRegister((int) (offset >> regshift) & 7, (int) value & 0xFF);
        }
    }

    /** Reads register {@code reg} (0..7), with its side effects. */
    public int readRegister(int reg) {
        boolean acceptInput = false;
        int value;
        synchronized (this) {
            switch (reg) {
                case RBR -> {
                    if ((lcr & LCR_DLAB) != 0) {
                        value = divider & 0xFF;
                    } else {
                        if ((fcr & FCR_FE) != 0) {
                            value = rxFifo.isEmpty() ? 0 : rxFifo.poll();
                            if (rxFifo.isEmpty()) {
                                lsr &= ~(LSR_DR | LSR_BI);
                                cancelTimeout();
                            } else {
                                scheduleTimeout();
                            }
                            timeoutPending = false;
                        } else {
                            value = rbr;
                            lsr &= ~(LSR_DR | LSR_BI);
                        }
                        updateIrq();
                        acceptInput = (mcr & MCR_LOOP) == 0;
                    }
                }
                case IER -> value = (lcr & LCR_DLAB) != 0 ? (divider >> 8) & 0xFF : ier;
                case IIR -> {
                    value = iir;
                    if ((value & IIR_ID) == IIR_THRI && (value & IIR_NO_INT) == 0) {
                        thrInterruptPending = false;
                        updateIrq();
                    }
                }
                case LCR -> value = lcr;
                case MCR -> value = mcr;
                case LSR -> {
                    value = lsr;
                    if ((lsr & (LSR_BI | LSR_OE)) != 0) {
                        lsr &= ~(LSR_BI | LSR_OE);
                        updateIrq();
                    }
                }
                case MSR -> {
                    if ((mcr & MCR_LOOP) != 0) {
                        // loopback: the modem outputs feed the inputs (RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD)
                        value = ((mcr & 0x0C) << 4) | ((mcr & MCR_RTS) << 3) | ((mcr & MCR_DTR) << 5);
                    } else {
                        value = msr;
                        if ((msr & MSR_ANY_DELTA) != 0) {
                            msr &= 0xF0;
                            updateIrq();
                        }
                    }
                }
                default -> value = scr;
            }
        }
        if (acceptInput && chardev != null) {
            chardev.acceptInput();
        }
        return value;
    }

    /** Writes register {@code reg} (0..7). */
    public void writeRegister(int reg, int value) {
        byte[] out = null;
        synchronized (this) {
            switch (reg) {
                case THR -> {
                    if ((lcr & LCR_DLAB) != 0) {
                        divider = (divider & 0xFF00) | value;
                        updateParameters();
                    } else {
                        thr = value;
                        if ((fcr & FCR_FE) != 0) {
                            if (txFifo.size() >= FIFO_SIZE) {
                                txFifo.poll(); // transmit overruns overwrite the oldest byte
                            }
                            txFifo.add(value);
                            lsr &= ~LSR_TEMT;
                        }
                        thrInterruptPending = false;
                        lsr &= ~LSR_THRE;
                        updateIrq();
                        out = transmit();
                    }
                }
                case IER -> {
                    if ((lcr & LCR_DLAB) != 0) {
                        divider = (divider & 0x00FF) | (value << 8);
                        updateParameters();
                    } else {
                        ier = value & 0x0F;
                        if ((lsr & LSR_THRE) != 0) {
                            thrInterruptPending = true;
                        }
                        updateIrq();
                    }
                }
                case FCR -> writeFcr(value);
                case LCR -> {
                    lcr = value;
                    updateParameters();
                }
                case MCR -> mcr = value & 0x1F;
                case LSR, MSR -> {
                    // read-only
                }
                default -> scr = value;
            }
        }
        if (out != null && chardev != null) {
            chardev.write(out, 0, out.length);
        }
    }

    private void writeFcr(int value) {
        int v = value;
        if (fcr == v) {
            return;
        }
        if (((v ^ fcr) & FCR_FE) != 0) {
            v |= FCR_XFR | FCR_RFR; // enabling or disabling the FIFOs clears them
        }
        if ((v & FCR_RFR) != 0) {
            lsr &= ~(LSR_DR | LSR_BI);
            cancelTimeout();
            timeoutPending = false;
            rxFifo.clear();
        }
        if ((v & FCR_XFR) != 0) {
            txFifo.clear();
        }
        if ((v & FCR_FE) != 0) {
            iir |= IIR_FIFO_ENABLED;
            fifoTriggerLevel = switch (v & FCR_ITL_MASK) {
                case 0x00 -> 1;
                case 0x40 -> 4;
                case 0x80 -> 8;
                default -> 14;
            };
        } else {
            iir &= ~IIR_FIFO_ENABLED;
        }
        fcr = v & 0xC9; // the bits that stick
        updateIrq();
    }

    /**
     * Moves everything waiting to be sent out of THR / the transmit FIFO. Returns the bytes for
     * the back end (sent after the lock is released), or null.
     */
    private byte[] transmit() {
        java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
        do {
            int tsr;
            if ((fcr & FCR_FE) != 0) {
                if (txFifo.isEmpty()) {
                    break;
                }
                tsr = txFifo.poll();
                if (txFifo.isEmpty()) {
                    lsr |= LSR_THRE;
                }
            } else if ((lsr & LSR_THRE) != 0) {
                break;
            } else {
                tsr = thr;
                lsr |= LSR_THRE;
                lsr &= ~LSR_TEMT;
            }
            if ((mcr & MCR_LOOP) != 0) {
                receiveByte(tsr);
            } else {
                sent.write(tsr);
            }
        } while ((fcr & FCR_FE) != 0 && !txFifo.isEmpty());
        if ((lsr & LSR_THRE) != 0) {
            lsr |= LSR_TEMT;
            thrInterruptPending = true;
            updateIrq();
        }
        return sent.size() == 0 ? null : sent.toByteArray();
    }

    private void updateParameters() {
        if (divider == 0) {
            return;
        }
        int frame = 1 + ((lcr & 0x03) + 5) + ((lcr & 0x04) != 0 ? 2 : 1) + ((lcr & 0x08) != 0 ? 1 : 0);
        long speed = Math.max(1, baudbase / divider);
        charTimeNanos = 1_000_000_000L / speed * frame;
    }

    /** QEMU's {@code serial_update_irq}: the highest-priority pending interrupt goes to IIR. */
    private void updateIrq() {
        int id = IIR_NO_INT;
        if ((ier & IER_RLSI) != 0 && (lsr & LSR_INT_ANY) != 0) {
            id = IIR_RLSI;
        } else if ((ier & IER_RDI) != 0 && timeoutPending) {
            id = IIR_CTI;
        } else if ((ier & IER_RDI) != 0 && (lsr & LSR_DR) != 0 && ((fcr & FCR_FE) == 0 || rxFifo.size() >= fifoTriggerLevel)) {
            id = IIR_RDI;
        } else if ((ier & IER_THRI) != 0 && thrInterruptPending) {
            id = IIR_THRI;
        } else if ((ier & IER_MSI) != 0 && (msr & MSR_ANY_DELTA) != 0) {
            id = IIR_MSI;
        }
        iir = id | (iir & 0xF0);
        irq.set(id != IIR_NO_INT);
    }

    private void scheduleTimeout() {
        cancelTimeout();
        timeout = machine().scheduler().schedule(this::fifoTimeout, charTimeNanos * 4, TimeUnit.NANOSECONDS);
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private synchronized void fifoTimeout() {
        timeout = null;
        if (!rxFifo.isEmpty()) {
            timeoutPending = true;
            updateIrq();
        }
    }

    private void receiveByte(int b) {
        if ((fcr & FCR_FE) != 0) {
            if (rxFifo.size() < FIFO_SIZE) {
                rxFifo.add(b & 0xFF);
            } else {
                lsr |= LSR_OE; // receive overruns keep the FIFO contents
            }
            lsr |= LSR_DR;
            scheduleTimeout();
        } else {
            if ((lsr & LSR_DR) != 0) {
                lsr |= LSR_OE;
            }
            rbr = b & 0xFF;
            lsr |= LSR_DR;
        }
        updateIrq();
    }

    // --- CharFrontend --------------------------------------------------------------------------------------

    @Override
    public synchronized int canReceive() {
        if (!poweredOn || (mcr & MCR_LOOP) != 0) {
            return 0; // in loopback mode the line is disconnected
        }
        if ((fcr & FCR_FE) != 0) {
            if (rxFifo.size() < FIFO_SIZE) {
                // advertise up to the trigger level, then one byte at a time, as QEMU does
                return rxFifo.size() <= fifoTriggerLevel ? Math.max(1, fifoTriggerLevel - rxFifo.size()) : 1;
            }
            return 0;
        }
        return (lsr & LSR_DR) != 0 ? 0 : 1;
    }

    @Override
    public synchronized void receive(byte[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            receiveByte(data[offset + i]);
        }
    }

    @Override
    public synchronized void receiveBreak() {
        rbr = 0;
        if (rxFifo.size() < FIFO_SIZE) {
            rxFifo.add(0);
        }
        lsr |= LSR_BI | LSR_DR;
        updateIrq();
    }

    // --- device tree -----------------------------------------------------------------------------------------

    @Override
    protected void buildFdt(FdtContext ctx) {
        long base = mmioAddress(0);
        if (base < 0) {
            return;
        }
        FdtNode node = ctx.addNode(this, ctx.soc(), FdtContext.unitName("serial", base));
        IrqLine sink = irq.sink();
        if (sink instanceof InterruptInput in) {
            node.setCells("interrupts", in.controller().interruptCells(in.number()));
            node.setCells("interrupt-parent", ctx.phandle(in.controller()));
        }
        node.setCells("clock-frequency", getInt(CLOCK_FREQUENCY));
        node.setReg(base, mmio(0).size());
        node.setString("compatible", "ns16550a");
        if (regshift != 0) {
            node.setCells("reg-shift", regshift);
            node.setCells("reg-io-width", 1);
        }
    }
}
