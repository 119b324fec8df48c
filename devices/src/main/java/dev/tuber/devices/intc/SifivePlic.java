package dev.tuber.devices.intc;

import java.util.ArrayList;
import java.util.List;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.HartPort;
import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.irq.InterruptController;
import dev.tuber.machine.irq.InterruptInput;
import dev.tuber.machine.irq.IrqOutput;
import dev.tuber.machine.memory.MmioHandler;
import dev.tuber.machine.memory.MmioRegion;
import dev.tuber.machine.qdev.BusType;
import dev.tuber.machine.qdev.DeviceCategory;
import dev.tuber.machine.qdev.DeviceType;
import dev.tuber.machine.qdev.Property;
import dev.tuber.machine.qdev.SysBusDevice;

/**
 * The SiFive platform-level interrupt controller (QEMU's {@code riscv.sifive.plic}), laid out as
 * on QEMU's virt board:
 *
 * <pre>
 * 0x000000 + 4*s            priority of source s (0..num-priorities; source 0 does not exist)
 * 0x001000 + 4*w            pending bits of sources 32w..32w+31 (read-only)
 * 0x002000 + 0x80*c + 4*w   enable bits of context c for sources 32w..32w+31
 * 0x200000 + 0x1000*c       priority threshold of context c
 * 0x200004 + 0x1000*c       claim (read) / complete (write) of context c
 * </pre>
 *
 * Contexts come from {@code hart-config}, one letter per privilege mode and harts separated by
 * commas, as QEMU writes it: {@code MS,MS} gives context 0 = hart 0 M-mode, 1 = hart 0 S-mode, 2 =
 * hart 1 M-mode, 3 = hart 1 S-mode. A context's output (MEIP or SEIP of its hart) is high while a
 * source is pending, enabled for it, not claimed, and of a priority above its threshold.
 *
 * <p>Sources are level-triggered, as the PLIC's gateways make them: a source is pending while its
 * line is high, until a context claims it; it is not forwarded again until that context completes
 * it, and then again only if the line is still high. All registers are 32 bits wide; accesses of
 * other widths are bus errors, as in QEMU. Undecoded offsets read 0 and ignore writes.
 */
public final class SifivePlic extends SysBusDevice implements InterruptController {
    public static final Property<String> HART_CONFIG = Property.string("hart-config", "MS",
                    "privilege modes of each hart's contexts, harts separated by commas (e.g. MS,MS)");
    public static final Property<Long> HARTID_BASE = Property.uint32("hartid-base", 0, "hart id of the first hart served");
    public static final Property<Long> NUM_SOURCES = Property.uint32("num-sources", 97, "number of interrupt sources, including source 0");
    public static final Property<Long> NUM_PRIORITIES = Property.uint32("num-priorities", 7, "highest priority a source may have");
    public static final Property<Long> PRIORITY_BASE = Property.uint32("priority-base", 0x0, "offset of the priority registers");
    public static final Property<Long> PENDING_BASE = Property.uint32("pending-base", 0x1000, "offset of the pending bits");
    public static final Property<Long> ENABLE_BASE = Property.uint32("enable-base", 0x2000, "offset of the enable bits");
    public static final Property<Long> ENABLE_STRIDE = Property.uint32("enable-stride", 0x80, "distance between contexts' enable bits");
    public static final Property<Long> CONTEXT_BASE = Property.uint32("context-base", 0x200000, "offset of the threshold and claim registers");
    public static final Property<Long> CONTEXT_STRIDE = Property.uint32("context-stride", 0x1000,
                    "distance between contexts' threshold and claim registers");
    public static final Property<Long> APERTURE_SIZE = Property.uint32("aperture-size", 0x600000, "size of the register window");

    public static final DeviceType<SifivePlic> TYPE = DeviceType.builder("riscv.sifive.plic", SifivePlic::new)
                    .description("SiFive PLIC: external interrupts of every hart")
                    .category(DeviceCategory.MISC)
                    .bus(BusType.SYSTEM)
                    .properties(HART_CONFIG, HARTID_BASE, NUM_SOURCES, NUM_PRIORITIES, PRIORITY_BASE, PENDING_BASE, ENABLE_BASE,
                                    ENABLE_STRIDE, CONTEXT_BASE, CONTEXT_STRIDE, APERTURE_SIZE)
                    // Part of the board: the board wires its sources and every hart's MEIP/SEIP.
                    .notUserCreatable("the board creates it and wires the harts and the interrupt sources")
                    .build();

    /** Name of the interrupt inputs: input n is source n (input 0 exists but is never forwarded). */
    public static final String SOURCES = "source";

    /** The offset of the claim/complete register within a context's registers. */
    public static final int CLAIM = 4;

    /** A context: a hart in one privilege mode. */
    record Context(int hart, char mode) {
    }

    private int sources;
    private int words;
    private int maxPriority;
    private long priorityBase;
    private long pendingBase;
    private long enableBase;
    private long enableStride;
    private long contextBase;
    private long contextStride;
    private Context[] contexts;
    private int harts;
    private IrqOutput[] meip;
    private IrqOutput[] seip;

    // state (guarded by this)
    private int[] priority;
    private int[] pending;
    private int[] claimed;
    private int[] enable;
    private int[] threshold;
    /** The level of each source's line, as the device driving it last set it. */
    private int[] level;

    private SifivePlic(DeviceType<SifivePlic> type) {
        super(type);
    }

    @Override
    protected void onRealize() {
        long n = get(NUM_SOURCES);
        if (n < 2 || n > 1024) {
            throw new BoardException("riscv.sifive.plic: num-sources must be 2..1024, not " + n);
        }
        sources = (int) n;
        words = (sources + 31) >>> 5;
        maxPriority = getInt(NUM_PRIORITIES);
        priorityBase = get(PRIORITY_BASE);
        pendingBase = get(PENDING_BASE);
        enableBase = get(ENABLE_BASE);
        enableStride = get(ENABLE_STRIDE);
        contextBase = get(CONTEXT_BASE);
        contextStride = get(CONTEXT_STRIDE);
        if (enableStride < 4L * words || Long.bitCount(enableStride) != 1 || contextStride < 8 || Long.bitCount(contextStride) != 1) {
            throw new BoardException("riscv.sifive.plic: enable-stride and context-stride must be powers of two large enough for "
                            + sources + " sources");
        }
        contexts = parseHartConfig(get(HART_CONFIG));
        harts = contexts.length == 0 ? 0 : contexts[contexts.length - 1].hart + 1;
        meip = addIrqOutputs("meip", harts);
        seip = addIrqOutputs("seip", harts);
        priority = new int[sources];
        pending = new int[words];
        claimed = new int[words];
        level = new int[words];
        enable = new int[words * contexts.length];
        threshold = new int[contexts.length];
        addIrqInputs(SOURCES, this, sources, s -> lineLevel -> setSource(s, lineLevel));
        initMmio(new MmioRegion("riscv.sifive.plic", get(APERTURE_SIZE), new Registers(), 4));
    }

    /** QEMU's {@code hart-config}: {@code "MS,MS"} (or {@code "MS"} repeated by {@code num-harts}). */
    static Context[] parseHartConfig(String config) {
        if (config == null || config.isEmpty()) {
            throw new BoardException("riscv.sifive.plic: hart-config is empty");
        }
        List<Context> out = new ArrayList<>();
        int hart = 0;
        for (String h : config.split(",", -1)) {
            if (h.isEmpty()) {
                throw new BoardException("riscv.sifive.plic: hart-config '" + config + "' has an empty hart");
            }
            int seen = 0;
            for (char c : h.toCharArray()) {
                int bit = switch (c) {
                    case 'M' -> 1;
                    case 'S' -> 2;
                    case 'U' -> 4;
                    default -> throw new BoardException("riscv.sifive.plic: invalid mode '" + c + "' in hart-config '" + config + "'");
                };
                if ((seen & bit) != 0) {
                    throw new BoardException("riscv.sifive.plic: duplicate mode '" + c + "' in hart-config '" + config + "'");
                }
                seen |= bit;
                out.add(new Context(hart, c));
            }
            hart++;
        }
        return out.toArray(new Context[0]);
    }

    /** The hart-config of a board whose {@code harts} harts each have an M-mode and an S-mode context. */
    public static String hartConfig(int harts) {
        return String.join(",", java.util.Collections.nCopies(harts, "MS"));
    }

    @Override
    protected synchronized void onResetEnter() {
        java.util.Arrays.fill(priority, 0);
        java.util.Arrays.fill(pending, 0);
        java.util.Arrays.fill(claimed, 0);
        java.util.Arrays.fill(enable, 0);
        java.util.Arrays.fill(threshold, 0);
        // a line still high from a device is pending again at once
        System.arraycopy(level, 0, pending, 0, words);
    }

    @Override
    protected synchronized void onResetHold() {
        update();
    }

    // --- inputs -----------------------------------------------------------------------------------------

    /** The input of source {@code source} (1..num-sources-1), for a device's interrupt output. */
    public InterruptInput input(int source) {
        if (source <= 0 || source >= sources) {
            throw new IllegalArgumentException("PLIC source " + source + " does not exist (1.." + (sources - 1) + ")");
        }
        return irqInput(SOURCES, source);
    }

    /** Number of sources including the non-existent source 0 ({@code riscv,ndev} + 1). */
    public int sourceCount() {
        return sources;
    }

    private synchronized void setSource(int source, boolean high) {
        if (source == 0) {
            return;
        }
        int word = source >>> 5;
        int bit = 1 << (source & 31);
        level[word] = high ? level[word] | bit : level[word] & ~bit;
        if (high) {
            // the gateway forwards a request unless one is already pending or in service
            if ((claimed[word] & bit) == 0) {
                pending[word] |= bit;
            }
        } else {
            pending[word] &= ~bit;
        }
        update();
    }

    // --- state --------------------------------------------------------------------------------------------

    /** The best source context {@code c} could claim now, or 0. */
    private int best(int c) {
        int bestSource = 0;
        int bestPriority = threshold[c];
        for (int w = 0; w < words; w++) {
            int candidates = pending[w] & ~claimed[w] & enable[c * words + w];
            while (candidates != 0) {
                int b = Integer.numberOfTrailingZeros(candidates);
                candidates &= candidates - 1;
                int s = (w << 5) + b;
                if (s != 0 && s < sources && priority[s] > bestPriority) {
                    bestPriority = priority[s];
                    bestSource = s;
                }
            }
        }
        return bestSource;
    }

    /** Drives every context's output. */
    private void update() {
        for (int c = 0; c < contexts.length; c++) {
            boolean high = best(c) != 0;
            switch (contexts[c].mode) {
                case 'M' -> meip[contexts[c].hart].set(high);
                case 'S' -> seip[contexts[c].hart].set(high);
                default -> {
                    // U-mode contexts (N extension) drive nothing on RISC-V harts
                }
            }
        }
    }

    private synchronized int claim(int c) {
        int s = best(c);
        if (s != 0) {
            int word = s >>> 5;
            int bit = 1 << (s & 31);
            pending[word] &= ~bit;
            claimed[word] |= bit;
            update();
        }
        return s;
    }

    private synchronized void complete(int c, int source) {
        if (source <= 0 || source >= sources) {
            return;
        }
        int word = source >>> 5;
        int bit = 1 << (source & 31);
        if ((enable[c * words + word] & bit) == 0) {
            return; // the specification ignores completions of sources not enabled for the context
        }
        claimed[word] &= ~bit;
        if ((level[word] & bit) != 0) {
            pending[word] |= bit; // the line is still high: a new request
        }
        update();
    }

    private int clampPriority(long value) {
        long max = maxPriority;
        if (((max + 1) & max) == 0) {
            return (int) (value & max); // 2^n - 1 priorities: the register keeps n bits (WARL)
        }
        return (int) Math.min(value & 0xFFFF_FFFFL, max);
    }

    private final class Registers implements MmioHandler {
        @Override
        public long read(long offset, int size) {
            return readRegister(offset);
        }

        @Override
        public void write(long offset, int size, long value) {
            writeRegister(offset, (int) value);
        }
    }

    private static boolean within(long offset, long base, long length) {
        return offset >= base && offset - base < length;
    }

    private long readRegister(long offset) {
        if (within(offset, contextBase, contexts.length * contextStride)) {
            int c = (int) ((offset - contextBase) / contextStride);
            long reg = (offset - contextBase) & (contextStride - 1);
            if (reg == 0) {
                synchronized (this) {
                    return threshold[c];
                }
            }
            if (reg == CLAIM) {
                return claim(c);
            }
            return 0;
        }
        synchronized (this) {
            if (within(offset, priorityBase, 4L * sources)) {
                return priority[(int) ((offset - priorityBase) >>> 2)];
            }
            if (within(offset, pendingBase, 4L * words)) {
                return pending[(int) ((offset - pendingBase) >>> 2)] & 0xFFFF_FFFFL;
            }
            if (within(offset, enableBase, contexts.length * enableStride)) {
                int c = (int) ((offset - enableBase) / enableStride);
                int w = (int) (((offset - enableBase) & (enableStride - 1)) >>> 2);
                return w < words ? enable[c * words + w] & 0xFFFF_FFFFL : 0;
            }
        }
        return 0;
    }

    private synchronized void writeRegister(long offset, int value) {
        if (within(offset, contextBase, contexts.length * contextStride)) {
            int c = (int) ((offset - contextBase) / contextStride);
            long reg = (offset - contextBase) & (contextStride - 1);
            if (reg == 0) {
                threshold[c] = clampPriority(value & 0xFFFF_FFFFL);
                update();
            } else if (reg == CLAIM) {
                complete(c, value);
            }
            return;
        }
        if (within(offset, priorityBase, 4L * sources)) {
            int s = (int) ((offset - priorityBase) >>> 2);
            if (s != 0) {
                priority[s] = clampPriority(value & 0xFFFF_FFFFL);
                update();
            }
            return;
        }
        if (within(offset, enableBase, contexts.length * enableStride)) {
            int c = (int) ((offset - enableBase) / enableStride);
            int w = (int) (((offset - enableBase) & (enableStride - 1)) >>> 2);
            if (w < words) {
                int mask = w == 0 ? ~1 : -1; // source 0 does not exist
                if (w == words - 1 && (sources & 31) != 0) {
                    mask &= (1 << (sources & 31)) - 1;
                }
                enable[c * words + w] = value & mask;
                update();
            }
        }
        // pending bits are read-only; other offsets are holes
    }

    /** Source {@code source}'s pending bit (for tests and introspection). */
    public synchronized boolean isPending(int source) {
        return (pending[source >>> 5] & (1 << (source & 31))) != 0;
    }

    // --- device tree --------------------------------------------------------------------------------------

    @Override
    protected void buildFdt(FdtContext ctx) {
        long base = mmioAddress(0);
        if (base < 0) {
            return;
        }
        FdtNode node = ctx.addNode(this, ctx.soc(), FdtContext.unitName("plic", base));
        ctx.assignPhandle(this, node);
        node.setCells("riscv,ndev", sources - 1);
        node.setReg(base, mmio(0).size());
        List<Integer> cells = new ArrayList<>();
        for (Context c : contexts) {
            IrqOutput out = c.mode == 'M' ? meip[c.hart] : c.mode == 'S' ? seip[c.hart] : null;
            if (out != null && out.sink() instanceof InterruptInput in) {
                cells.add(ctx.phandle(in.controller()));
                for (int cell : in.controller().interruptCells(in.number())) {
                    cells.add(cell);
                }
            } else {
                // an unwired context: 0xffffffff as QEMU writes for modes a hart lacks
                cells.add(ctx.phandle(this));
                cells.add(-1);
            }
        }
        node.setCells("interrupts-extended", cells.stream().mapToInt(Integer::intValue).toArray());
        node.setEmpty("interrupt-controller");
        node.setStrings("compatible", "sifive,plic-1.0.0", "riscv,plic0");
        node.setCells("#address-cells", 0);
        node.setCells("#interrupt-cells", 1);
    }

    /** The output a context drives: {@code meip[h]} or {@code seip[h]} ({@link HartPort#MEIP}, {@link HartPort#SEIP}). */
    public IrqOutput contextOutput(int hart, boolean machineMode) {
        return machineMode ? meip[hart] : seip[hart];
    }
}
