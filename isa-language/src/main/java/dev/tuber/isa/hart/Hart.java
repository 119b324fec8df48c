package dev.tuber.isa.hart;

import static dev.tuber.isa.hart.Priv.*;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.nodes.Node;

import dev.tuber.isa.fp.FpFlags;
import dev.tuber.isa.runtime.HostMemory;
import dev.tuber.isa.runtime.RiscvMachine;
import dev.tuber.isa.spi.BusError;
import dev.tuber.isa.spi.HartPort;
import dev.tuber.isa.spi.PhysicalBus;

/**
 * The mutable state of one hart: registers while no region runs, CSRs, privilege mode, the
 * software TLBs, the LR/SC reservation and the interrupt inputs. Regions are shared by all harts;
 * a hart is their first argument.
 *
 * <p>Fast paths (loads and stores that hit the TLB) live in the instruction nodes and read the
 * public TLB arrays directly; everything else (page walks, PMP, MMIO, faults, CSRs, trap entry)
 * is here, behind {@link TruffleBoundary} so that compiled guest code stays small.
 */
public final class Hart implements HartPort {

    // --- software TLB geometry -------------------------------------------------------------
    public static final int TLB_BITS = 8;
    public static final int TLB_SIZE = 1 << TLB_BITS;
    public static final int TLB_MASK = TLB_SIZE - 1;
    /** TLB sets by effective privilege: U, S, S with mstatus.SUM, M. */
    static final int TLB_SETS = 4;
    static final int SET_U = 0;
    static final int SET_S = 1;
    static final int SET_S_SUM = 2;
    static final int SET_M = 3;
    /** Tag of an empty TLB entry: never equal to an aligned page address with its low bits. */
    public static final long TLB_INVALID = -1L;
    public static final long PAGE_MASK = ~0xFFFL;

    private static final long LONG_ARRAY_BASE = HostMemory.UNSAFE.arrayBaseOffset(long[].class);

    /**
     * Byte offset of TLB entry {@code index} in the TLB arrays, for reading them with {@code
     * Unsafe}: the index is in range by construction (set base + 8-bit page index), so the bounds
     * checks of array accesses would be pure overhead on every guest load and store.
     */
    public static long tlbOffset(int index) {
        return LONG_ARRAY_BASE + ((long) index << 3);
    }

    static final int ACCESS_READ = 0;
    static final int ACCESS_WRITE = 1;
    static final int ACCESS_EXEC = 2;

    public final int hartId;
    public final RiscvMachine machine;
    private final PhysicalBus bus;

    // --- architectural state ----------------------------------------------------------------
    /** The program counter while no region runs (regions keep it implicit). */
    public long pc;
    /** Integer registers while no region runs; x[0] is always 0. */
    public final long[] x = new long[32];
    /** Floating-point registers (raw bits, single precision NaN-boxed). */
    public final long[] f = new long[32];
    /** Current privilege mode: {@link Priv#U}, {@link Priv#S} or {@link Priv#M}. */
    public int mode = M;

    /** Accrued floating-point exception flags (fflags). */
    public final FpFlags fflags = new FpFlags();
    /** Dynamic rounding mode (frm). */
    public int frm;

    long mstatus = MSTATUS_XLEN_FIELDS;
    long medeleg;
    long mideleg;
    long mie;
    long mtvec;
    long mscratch;
    long mepc;
    long mcause;
    long mtval;
    long mcounteren;
    long menvcfg;
    long mcountinhibit;
    long stvec;
    long sscratch;
    long sepc;
    long scause;
    long stval;
    long scounteren;
    long senvcfg;
    long satp;
    /** mip bits software wrote: SSIP, STIP, SEIP. */
    long mipSoftware;
    /** mip bits devices drive: MSIP, MTIP, SEIP, MEIP. Written by any thread under {@link #wakeLock}. */
    private volatile long mipHardware;

    /**
     * The attention flag: set by anything that needs the hart to leave compiled code and look at
     * its state (a change of an interrupt line, an exit or reset request, a debugger); polled at
     * region entry and at guest backward branches. One byte of host memory, with the hart's poll
     * scratch byte on the next cache line: see {@link #pollAttention}.
     */
    private final java.lang.foreign.MemorySegment flags = java.lang.foreign.Arena.ofAuto().allocate(128, 64);
    private final long attentionAddress = flags.address();
    private final long pollScratchAddress = attentionAddress + 64;

    /** Whether the attention flag is set (a volatile read, for the runtime). */
    public boolean attention() {
        return HostMemory.UNSAFE.getByteVolatile(null, attentionAddress) != 0;
    }

    /**
     * The poll of guest backward branches: whether the attention flag is set. A volatile read here
     * would order every memory access around it (Graal's volatile read kills all locations), so
     * registers that a guest call stored in the hart could not be forwarded to the caller past
     * any loop in the callee: the caller reloaded them all, and they became phis in every loop
     * around the call. A plain read of host memory orders nothing else, and the plain write to the
     * scratch byte before it keeps Graal from hoisting it out of the loop: for Graal, a write to
     * host memory may change any host memory.
     */
    public boolean pollAttention() {
        if (CompilerDirectives.inCompiledCode()) {
            HostMemory.UNSAFE.putByte(pollScratchAddress, (byte) 0);
        }
        return HostMemory.UNSAFE.getByte(attentionAddress) != 0;
    }

    /** Sets the attention flag (any thread). */
    public void raiseAttention() {
        HostMemory.UNSAFE.putByteVolatile(null, attentionAddress, (byte) 1);
    }

    /** Clears the attention flag (the hart's thread, before it looks at what raised it). */
    public void clearAttention() {
        HostMemory.UNSAFE.putByteVolatile(null, attentionAddress, (byte) 0);
    }

    /** The hart executed {@code wfi} and waits for an interrupt. */
    public boolean waitingForInterrupt;
    private final Object wakeLock = new Object();

    /** Instructions retired so far (committed at region exit). */
    public long retired;
    private long instretDelta;
    private long cycleDelta;

    // --- PMP ------------------------------------------------------------------------------------
    public static final int PMP_COUNT = 16;
    private final byte[] pmpcfg = new byte[PMP_COUNT];
    private final long[] pmpaddr = new long[PMP_COUNT];
    private final Pmp pmp = new Pmp();

    // --- LR/SC ------------------------------------------------------------------------------------
    /** Host address of the reserved doubleword/word, or -1 for no reservation. */
    public long reservationAddress = -1;
    /** Value the LR read; SC succeeds only if memory still holds it (compare-and-swap). */
    public long reservationValue;

    // --- software TLBs -------------------------------------------------------------------------
    /** Read TLB: tags (virtual page) and host addends (host page address - virtual page). */
    public final long[] readTag = new long[TLB_SETS * TLB_SIZE];
    public final long[] readAddend = new long[TLB_SETS * TLB_SIZE];
    /** Write TLB; pages holding translated code are never entered here. */
    public final long[] writeTag = new long[TLB_SETS * TLB_SIZE];
    public final long[] writeAddend = new long[TLB_SETS * TLB_SIZE];
    /** Physical page of each write entry, so entries can be dropped when their page gains code. */
    private final long[] writePhys = new long[TLB_SETS * TLB_SIZE];
    /**
     * Stores to pages holding translated code: the page's host addend and its {@link
     * dev.tuber.isa.runtime.CodeCache.CodePage}, so that a store to the data in such a page costs
     * a coverage test, not a page walk and a region lookup.
     */
    private final long[] codeWriteTag = new long[TLB_SETS * TLB_SIZE];
    private final long[] codeWriteAddend = new long[TLB_SETS * TLB_SIZE];
    private final dev.tuber.isa.runtime.CodeCache.CodePage[] codeWritePage = new dev.tuber.isa.runtime.CodeCache.CodePage[TLB_SETS * TLB_SIZE];
    /** Fetch TLB: virtual page to physical page, per fetch privilege. */
    private final long[] fetchTag = new long[TLB_SETS * TLB_SIZE];
    private final long[] fetchPhys = new long[TLB_SETS * TLB_SIZE];
    /** Base index of the fetch-TLB set of the current privilege. */
    private int fetchTlb = SET_M * TLB_SIZE;
    /**
     * Virtual range [superLo, superHi) covering every translation from a superpage leaf since the
     * TLBs were last flushed whole. The TLBs cache superpages one 4 KB page at a time, so an
     * {@code sfence.vma} for an address in a superpage must drop entries of other pages too; one
     * in this range flushes everything, one outside it just the page (QEMU tracks its large pages
     * the same way).
     */
    private long superLo = Long.MAX_VALUE;
    private long superHi = Long.MIN_VALUE;
    /** Nesting of regions that entered other regions directly (see ChainNode). */
    public int chainDepth;
    /** The argument array every region call passes: just this hart. */
    public final Object[] callArguments = {this};
    /**
     * The one frame every region of this hart runs in outside Truffle's call protocol, at any
     * chain depth (see RegionRootNode.runCold). Its register slots persist between those
     * invocations: what one region loaded, the next finds loaded, until
     * {@link #coldRegistersStale} says that the registers changed elsewhere.
     */
    public com.oracle.truffle.api.frame.VirtualFrame coldFrame;
    /**
     * Set when {@link #x} or {@link #f} change other than from {@link #coldFrame} (compiled code
     * or a region called through its call target stored registers, a reset): the cold frame's
     * loaded registers are then out of date.
     */
    public boolean coldRegistersStale = true;

    /** The frame for running a region directly (see {@link #coldFrame}). */
    public com.oracle.truffle.api.frame.VirtualFrame coldFrame() {
        com.oracle.truffle.api.frame.VirtualFrame f = coldFrame;
        if (f == null) {
            f = com.oracle.truffle.api.Truffle.getRuntime().createVirtualFrame(callArguments, dev.tuber.isa.nodes.RegionRootNode.FRAME_DESCRIPTOR);
            coldFrame = f;
        }
        return f;
    }
    /** Base index of the TLB set for data accesses in the current effective privilege. */
    public int dataTlb = SET_M * TLB_SIZE;
    /** {@link #tlbOffset} of {@link #dataTlb}: compiled loads and stores add the page's slot to it. */
    public long dataTlbOffset = tlbOffset(SET_M * TLB_SIZE);

    /**
     * Byte offset (for {@code Unsafe}) of the data TLB entry for {@code address}: base of the
     * current set plus 8 * the page's 8 low page-number bits, in 64-bit arithmetic (shift, mask,
     * add) so that compiled code needs no 32-bit index and sign extension.
     */
    public long dataSlot(long address) {
        return dataTlbOffset + ((address >>> (12 - 3)) & ((long) TLB_MASK << 3));
    }
    /** Effective privilege for loads and stores (mstatus.MPRV applied). */
    private int dataMode = M;

    // --- scratch for decoded region lookup (owned by the dispatcher) ---------------------
    /** Per-hart cache from guest virtual PC to region, keyed by PC; see {@link dev.tuber.isa.runtime.HartLoop}. */
    public final JumpCache jumpCache = new JumpCache();

    public Hart(int hartId, RiscvMachine machine) {
        this.hartId = hartId;
        this.machine = machine;
        this.bus = machine.bus();
        flushTlb();
    }

    @Override
    public int hartId() {
        return hartId;
    }

    // =========================================================================================
    // Interrupt inputs
    // =========================================================================================

    @Override
    public void setInterrupt(int mipBit, boolean level) {
        long bit = 1L << mipBit;
        synchronized (wakeLock) {
            long old = mipHardware;
            long now = level ? (old | bit) : (old & ~bit);
            if (now == old) {
                return;
            }
            mipHardware = now;
            raiseAttention();
            wakeLock.notifyAll();
        }
    }

    /** Makes the hart look at its state at the next poll and wakes it from {@code wfi}. */
    public void poke() {
        synchronized (wakeLock) {
            raiseAttention();
            wakeLock.notifyAll();
        }
    }

    /** Current mip as software reads it. */
    public long mip() {
        return mipHardware | mipSoftware;
    }

    /**
     * The interrupt to take now, or -1: pending and enabled by mie, not masked by the global enable
     * of its target privilege, with the standard priority order MEI, MSI, MTI, SEI, SSI, STI.
     */
    public int pendingInterrupt() {
        long pending = mip() & mie;
        if (pending == 0) {
            return -1;
        }
        long machineLevel = pending & ~mideleg;
        if (machineLevel != 0 && (mode < M || (mstatus & MSTATUS_MIE) != 0)) {
            return highestPriority(machineLevel);
        }
        long supervisorLevel = pending & mideleg;
        if (supervisorLevel != 0 && (mode < S || (mode == S && (mstatus & MSTATUS_SIE) != 0))) {
            return highestPriority(supervisorLevel);
        }
        return -1;
    }

    private static int highestPriority(long bits) {
        final int[] order = {IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER};
        for (int irq : order) {
            if ((bits & (1L << irq)) != 0) {
                return irq;
            }
        }
        return Long.numberOfTrailingZeros(bits);
    }

    /**
     * Blocks in {@code wfi} until an interrupt is pending and enabled in mie (whatever the global
     * enables say), or until someone pokes the hart. Returns at once if one already is.
     */
    @TruffleBoundary
    public void waitForInterrupt() {
        synchronized (wakeLock) {
            while ((mip() & mie) == 0 && !machine.isStopping() && !debugStopRequested) {
                clearAttention();
                try {
                    wakeLock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        waitingForInterrupt = false;
    }

    /** Set by a debugger or script host to stop the hart at its next poll. */
    public volatile boolean debugStopRequested;

    // =========================================================================================
    // Traps
    // =========================================================================================

    /**
     * Enters the trap handler: records cause, faulting address and previous state in the CSRs of
     * the privilege the trap goes to (S if delegated from S or U, else M) and sets {@link #pc} to
     * the handler.
     *
     * @param epc the address of the instruction that trapped (or that the interrupt preempted)
     */
    @TruffleBoundary
    public void takeTrap(int cause, long tval, boolean interrupt, long epc) {
        if (!interrupt) {
            checkTrapLoop(cause, tval, epc);
        }
        long causeValue = interrupt ? (CAUSE_INTERRUPT | cause) : cause;
        long delegation = interrupt ? mideleg : medeleg;
        reservationAddress = -1;
        if (mode <= S && ((delegation >>> cause) & 1) != 0) {
            sepc = epc;
            scause = causeValue;
            stval = tval;
            long s = mstatus;
            s = (s & MSTATUS_SIE) != 0 ? (s | MSTATUS_SPIE) : (s & ~MSTATUS_SPIE);
            s &= ~MSTATUS_SIE;
            s = mode == S ? (s | MSTATUS_SPP) : (s & ~MSTATUS_SPP);
            mstatus = s;
            setMode(S);
            pc = trapVector(stvec, cause, interrupt);
        } else {
            mepc = epc;
            mcause = causeValue;
            mtval = tval;
            long s = mstatus;
            s = (s & MSTATUS_MIE) != 0 ? (s | MSTATUS_MPIE) : (s & ~MSTATUS_MPIE);
            s &= ~MSTATUS_MIE;
            s = (s & ~MSTATUS_MPP) | ((long) mode << MSTATUS_MPP_SHIFT);
            mstatus = s;
            setMode(M);
            pc = trapVector(mtvec, cause, interrupt);
        }
        updateDataMode();
    }

    /** Exceptions taken in a row without any instruction retiring in between. */
    private int trapStreak;
    private long trapStreakRetired = -1;
    /** A hart that traps this often without retiring anything can never make progress. */
    static final int STUCK_TRAP_LIMIT = 100_000;

    /**
     * A trap handler that cannot run (its address is not executable, or it starts with an illegal
     * instruction) makes the hart trap forever without retiring anything. Real hardware would
     * hang; the emulator says so and stops instead.
     */
    private void checkTrapLoop(int cause, long tval, long epc) {
        if (retired != trapStreakRetired) {
            trapStreakRetired = retired;
            trapStreak = 0;
            return;
        }
        if (++trapStreak >= STUCK_TRAP_LIMIT) {
            throw new dev.tuber.isa.runtime.RiscvError(String.format(
                            "hart %d is stuck: it keeps trapping (cause %d, %s) at pc 0x%x, tval 0x%x, without completing an instruction;"
                                            + " its trap handler (mtvec 0x%x, stvec 0x%x) cannot run",
                            hartId, cause, causeName(cause), epc, tval, mtvec, stvec), null);
        }
    }

    static String causeName(int cause) {
        return switch (cause) {
            case CAUSE_MISALIGNED_FETCH -> "instruction address misaligned";
            case CAUSE_FETCH_ACCESS -> "instruction access fault";
            case CAUSE_ILLEGAL_INSTRUCTION -> "illegal instruction";
            case CAUSE_BREAKPOINT -> "breakpoint";
            case CAUSE_MISALIGNED_LOAD -> "load address misaligned";
            case CAUSE_LOAD_ACCESS -> "load access fault";
            case CAUSE_MISALIGNED_STORE -> "store address misaligned";
            case CAUSE_STORE_ACCESS -> "store access fault";
            case CAUSE_USER_ECALL, CAUSE_SUPERVISOR_ECALL, CAUSE_MACHINE_ECALL -> "environment call";
            case CAUSE_FETCH_PAGE_FAULT -> "instruction page fault";
            case CAUSE_LOAD_PAGE_FAULT -> "load page fault";
            case CAUSE_STORE_PAGE_FAULT -> "store page fault";
            default -> "reserved";
        };
    }

    private static long trapVector(long tvec, int cause, boolean interrupt) {
        long base = tvec & ~3L;
        if (interrupt && (tvec & 3) == 1) {
            return base + 4L * cause;
        }
        return base;
    }

    /** {@code mret}: returns to mstatus.MPP. Illegal outside M-mode. */
    @TruffleBoundary
    public long mret(int insn, Node site) {
        if (mode < M) {
            throw new TrapException(CAUSE_ILLEGAL_INSTRUCTION, insn, site);
        }
        long s = mstatus;
        int previous = (int) ((s & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT);
        s = (s & MSTATUS_MPIE) != 0 ? (s | MSTATUS_MIE) : (s & ~MSTATUS_MIE);
        s |= MSTATUS_MPIE;
        s &= ~MSTATUS_MPP; // MPP = U
        if (previous != M) {
            s &= ~MSTATUS_MPRV;
        }
        mstatus = s;
        setMode(previous);
        updateDataMode();
        raiseAttention();
        return mepc;
    }

    /** {@code sret}: returns to sstatus.SPP. Illegal in U-mode, and in S-mode when mstatus.TSR. */
    @TruffleBoundary
    public long sret(int insn, Node site) {
        if (mode < S || (mode == S && (mstatus & MSTATUS_TSR) != 0)) {
            throw new TrapException(CAUSE_ILLEGAL_INSTRUCTION, insn, site);
        }
        long s = mstatus;
        int previous = (s & MSTATUS_SPP) != 0 ? S : U;
        s = (s & MSTATUS_SPIE) != 0 ? (s | MSTATUS_SIE) : (s & ~MSTATUS_SIE);
        s |= MSTATUS_SPIE;
        s &= ~MSTATUS_SPP;
        s &= ~MSTATUS_MPRV; // previous is never M
        mstatus = s;
        setMode(previous);
        updateDataMode();
        raiseAttention();
        return sepc;
    }

    /** {@code wfi}: illegal in U-mode and, with mstatus.TW, in S-mode. */
    @TruffleBoundary
    public void checkWfi(int insn, Node site) {
        if (mode == U || (mode == S && (mstatus & MSTATUS_TW) != 0)) {
            throw new TrapException(CAUSE_ILLEGAL_INSTRUCTION, insn, site);
        }
    }

    /**
     * {@code sfence.vma}: illegal in U-mode and, with mstatus.TVM, in S-mode. With rs1 = x0
     * ({@code all}) it flushes the TLBs; otherwise only what translates {@code vaddr} (the value
     * of rs1). ASIDs are not implemented (ASIDLEN = 0), so rs2 changes nothing.
     */
    @TruffleBoundary
    public void sfenceVma(int insn, boolean all, long vaddr, Node site) {
        if (mode == U || (mode == S && (mstatus & MSTATUS_TVM) != 0)) {
            throw new TrapException(CAUSE_ILLEGAL_INSTRUCTION, insn, site);
        }
        if (all || (vaddr >= superLo && vaddr < superHi)) {
            flushTlb();
        } else {
            flushPage(vaddr);
        }
    }

    /**
     * Drops the TLB entries of the virtual page holding {@code vaddr} (the jump cache checks the
     * fetch TLB on every hit, see HartLoop.lookup).
     */
    private void flushPage(long vaddr) {
        int slot = (int) ((vaddr >>> 12) & TLB_MASK);
        for (int set = 0; set < TLB_SETS; set++) {
            int idx = set * TLB_SIZE + slot;
            readTag[idx] = TLB_INVALID;
            writeTag[idx] = TLB_INVALID;
            fetchTag[idx] = TLB_INVALID;
            codeWriteTag[idx] = TLB_INVALID;
            codeWritePage[idx] = null;
        }
    }

    private void setMode(int newMode) {
        mode = newMode;
        fetchTlb = setFor(newMode, false) * TLB_SIZE;
    }

    /**
     * Whether the fetch TLB maps {@code vaddr}'s page to physical page {@code ppage} in the current
     * privilege: the guard under which a chained call may enter a region directly.
     */
    public boolean fetchMapsTo(long vaddr, long ppage) {
        int idx = fetchTlb + (int) ((vaddr >>> 12) & TLB_MASK);
        return fetchTag[idx] == (vaddr & PAGE_MASK) && fetchPhys[idx] == ppage;
    }

    /** Recomputes the effective data privilege and its TLB set after a change of mode or mstatus. */
    private void updateDataMode() {
        int eff = mode;
        if (mode == M && (mstatus & MSTATUS_MPRV) != 0) {
            eff = (int) ((mstatus & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT);
        }
        dataMode = eff;
        int set = switch (eff) {
            case U -> SET_U;
            case S -> (mstatus & MSTATUS_SUM) != 0 ? SET_S_SUM : SET_S;
            default -> SET_M;
        };
        dataTlb = set * TLB_SIZE;
        dataTlbOffset = tlbOffset(dataTlb);
    }

    /** Resets the hart to the architectural reset state. */
    @TruffleBoundary
    public void reset(long resetPc, long a0, long a1, long a2) {
        java.util.Arrays.fill(x, 0);
        java.util.Arrays.fill(f, 0);
        coldRegistersStale = true;
        setMode(M);
        pc = resetPc;
        x[10] = a0;
        x[11] = a1;
        x[12] = a2;
        mode = M;
        mstatus = MSTATUS_XLEN_FIELDS;
        medeleg = mideleg = mie = mtvec = mscratch = mepc = mcause = mtval = 0;
        mcounteren = menvcfg = mcountinhibit = 0;
        stvec = sscratch = sepc = scause = stval = scounteren = senvcfg = satp = 0;
        mipSoftware = 0;
        fflags.flags = 0;
        frm = 0;
        retired = 0;
        instretDelta = cycleDelta = 0;
        java.util.Arrays.fill(pmpcfg, (byte) 0);
        java.util.Arrays.fill(pmpaddr, 0);
        pmp.update(pmpcfg, pmpaddr);
        reservationAddress = -1;
        waitingForInterrupt = false;
        updateDataMode();
        flushTlb();
    }

    // =========================================================================================
    // TLB
    // =========================================================================================

    /** Drops every translation and the jump cache. */
    public void flushTlb() {
        java.util.Arrays.fill(readTag, TLB_INVALID);
        java.util.Arrays.fill(writeTag, TLB_INVALID);
        java.util.Arrays.fill(fetchTag, TLB_INVALID);
        java.util.Arrays.fill(codeWriteTag, TLB_INVALID);
        java.util.Arrays.fill(codeWritePage, null);
        superLo = Long.MAX_VALUE;
        superHi = Long.MIN_VALUE;
    }

    /** Drops write-TLB entries that map physical page {@code ppage} (the page now holds code). */
    public void dropWriteEntries(long ppage) {
        for (int i = 0; i < writeTag.length; i++) {
            if (writePhys[i] == ppage) {
                writeTag[i] = TLB_INVALID;
            }
        }
    }

    private static int setFor(int effMode, boolean sum) {
        return switch (effMode) {
            case U -> SET_U;
            case S -> sum ? SET_S_SUM : SET_S;
            default -> SET_M;
        };
    }

    // =========================================================================================
    // Address translation (Sv39 / Sv48) and PMP
    // =========================================================================================

    private static int pageFaultCause(int access) {
        return switch (access) {
            case ACCESS_READ -> CAUSE_LOAD_PAGE_FAULT;
            case ACCESS_WRITE -> CAUSE_STORE_PAGE_FAULT;
            default -> CAUSE_FETCH_PAGE_FAULT;
        };
    }

    private static int accessFaultCause(int access) {
        return switch (access) {
            case ACCESS_READ -> CAUSE_LOAD_ACCESS;
            case ACCESS_WRITE -> CAUSE_STORE_ACCESS;
            default -> CAUSE_FETCH_ACCESS;
        };
    }

    /**
     * Translates a virtual address for an access of privilege {@code effMode}, walking the page
     * table when satp asks for it and setting the accessed/dirty bits in hardware.
     *
     * @return the physical address
     * @throws TrapException page fault or access fault (PMP on the page-table walk)
     */
    private long translate(long vaddr, int access, int effMode, Node site) {
        int satpMode = (int) (satp >>> 60);
        if (effMode == M || satpMode == SATP_MODE_BARE) {
            return vaddr;
        }
        int levels = satpMode == SATP_MODE_SV48 ? 4 : 3;
        int vaBits = 12 + 9 * levels;
        // the address must be sign-extended from its top translated bit
        long high = vaddr >> (vaBits - 1);
        if (high != 0 && high != -1) {
            throw new TrapException(pageFaultCause(access), vaddr, site);
        }
        boolean sum = (mstatus & MSTATUS_SUM) != 0;
        boolean mxr = (mstatus & MSTATUS_MXR) != 0;
        long table = (satp & 0xFFF_FFFF_FFFFL) << 12;
        for (int level = levels - 1; level >= 0; level--) {
            long vpn = (vaddr >>> (12 + 9 * level)) & 0x1FF;
            long pteAddr = table + vpn * 8;
            while (true) {
                if (!pmp.allows(pteAddr, 8, ACCESS_READ, S)) {
                    throw new TrapException(accessFaultCause(access), vaddr, site);
                }
                long pteHost = bus.directPage(pteAddr, false);
                long pte;
                if (pteHost != 0) {
                    pte = unsafe().getLongVolatile(null, pteHost + (pteAddr & 0xFFF));
                } else {
                    try {
                        pte = bus.read(pteAddr, 8);
                    } catch (BusError e) {
                        throw new TrapException(accessFaultCause(access), vaddr, site);
                    }
                }
                if ((pte & 1) == 0 || ((pte & 2) == 0 && (pte & 4) != 0) || (pte >>> 54) != 0) {
                    throw new TrapException(pageFaultCause(access), vaddr, site);
                }
                boolean r = (pte & 2) != 0;
                boolean w = (pte & 4) != 0;
                boolean xp = (pte & 8) != 0;
                if (!r && !xp) {
                    // pointer to the next level
                    if (level == 0) {
                        throw new TrapException(pageFaultCause(access), vaddr, site);
                    }
                    table = ((pte >>> 10) & 0xFFF_FFFF_FFFFL) << 12;
                    break;
                }
                // leaf
                boolean user = (pte & 16) != 0;
                if (effMode == U && !user) {
                    throw new TrapException(pageFaultCause(access), vaddr, site);
                }
                if (effMode == S && user && (access == ACCESS_EXEC || !sum)) {
                    throw new TrapException(pageFaultCause(access), vaddr, site);
                }
                boolean allowed = switch (access) {
                    case ACCESS_READ -> r || (mxr && xp);
                    case ACCESS_WRITE -> w;
                    default -> xp;
                };
                if (!allowed) {
                    throw new TrapException(pageFaultCause(access), vaddr, site);
                }
                long ppn = (pte >>> 10) & 0xFFF_FFFF_FFFFL;
                if (level > 0 && (ppn & ((1L << (9 * level)) - 1)) != 0) {
                    throw new TrapException(pageFaultCause(access), vaddr, site); // misaligned superpage
                }
                long wantFlags = 0x40 | (access == ACCESS_WRITE ? 0x80 : 0);
                if ((pte & wantFlags) != wantFlags) {
                    // set A (and D) atomically; the PTE must be in memory we can update
                    if (pteHost == 0) {
                        throw new TrapException(accessFaultCause(access), vaddr, site);
                    }
                    if (!pmp.allows(pteAddr, 8, ACCESS_WRITE, S)) {
                        throw new TrapException(accessFaultCause(access), vaddr, site);
                    }
                    long newPte = pte | wantFlags;
                    if (!unsafe().compareAndSwapLong(null, pteHost + (pteAddr & 0xFFF), pte, newPte)) {
                        continue; // the PTE changed under us: walk this level again
                    }
                    machine.codeCache().noteWrite(pteAddr, 8);
                }
                long pageOffsetMask = (1L << (12 + 9 * level)) - 1;
                if (level > 0) {
                    // whatever the caller caches of this superpage, sfence.vma must find it
                    long base = vaddr & ~pageOffsetMask;
                    superLo = Math.min(superLo, base);
                    superHi = Math.max(superHi, base + pageOffsetMask + 1);
                }
                return ((ppn << 12) & ~pageOffsetMask) | (vaddr & pageOffsetMask);
            }
        }
        throw new TrapException(pageFaultCause(access), vaddr, site);
    }

    /** Host address of the page at {@code ppage} if the whole page may be accessed directly, else 0. */
    private long directPage(long ppage, int access, int effMode) {
        if (!pmp.allowsPage(ppage, access, effMode)) {
            return 0;
        }
        return bus.directPage(ppage, access == ACCESS_WRITE);
    }

    // =========================================================================================
    // Data access slow paths
    // =========================================================================================

    /** Slow-path counts for -Dtuber.stats. */
    public long slowLoads;
    public long slowStores;

    /**
     * Load that missed the TLB (or is misaligned, or hits a device). Fills the TLB for memory
     * pages.
     *
     * @return the loaded value, zero-extended
     */
    @TruffleBoundary(transferToInterpreterOnException = false)
    public long loadSlow(long vaddr, int size, Node site) {
        slowLoads++;
        if ((vaddr & (size - 1)) != 0) {
            return loadMisaligned(vaddr, size, site);
        }
        long paddr = translate(vaddr, ACCESS_READ, dataMode, site);
        long ppage = paddr & PAGE_MASK;
        long host = directPage(ppage, ACCESS_READ, dataMode);
        if (host != 0) {
            int idx = dataTlb + (int) ((vaddr >>> 12) & TLB_MASK);
            readTag[idx] = vaddr & PAGE_MASK;
            readAddend[idx] = host - (vaddr & PAGE_MASK);
            return readHost(host + (paddr & 0xFFF), size);
        }
        return readDevice(paddr, size, vaddr, site);
    }

    private long readDevice(long paddr, int size, long vaddr, Node site) {
        if (!pmp.allows(paddr, size, ACCESS_READ, dataMode)) {
            throw new TrapException(CAUSE_LOAD_ACCESS, vaddr, site);
        }
        try {
            return bus.read(paddr, size);
        } catch (BusError e) {
            throw new TrapException(CAUSE_LOAD_ACCESS, vaddr, site);
        }
    }

    private long loadMisaligned(long vaddr, int size, Node site) {
        checkMisaligned(vaddr, size, ACCESS_READ, site);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | loadByte(vaddr + i, site);
        }
        return value;
    }

    private long loadByte(long vaddr, Node site) {
        int idx = dataTlb + (int) ((vaddr >>> 12) & TLB_MASK);
        if (readTag[idx] == (vaddr & PAGE_MASK)) {
            return unsafe().getByte(readAddend[idx] + vaddr) & 0xFF;
        }
        return loadSlow(vaddr, 1, site);
    }

    /** Store that missed the write TLB (misaligned, device, read-only, code page, or not yet mapped). */
    @TruffleBoundary(transferToInterpreterOnException = false)
    public void storeSlow(long vaddr, int size, long value, Node site) {
        slowStores++;
        int idx = dataTlb + (int) ((vaddr >>> 12) & TLB_MASK);
        if (codeWriteTag[idx] == (vaddr & (PAGE_MASK | (size - 1)))) {
            dev.tuber.isa.runtime.CodeCache.CodePage page = codeWritePage[idx];
            if (page != null && page.alive && !page.overlaps(vaddr & 0xFFF, size)) {
                writeHost(codeWriteAddend[idx] + vaddr, size, value); // data next to code
                return;
            }
        }
        if ((vaddr & (size - 1)) != 0) {
            storeMisaligned(vaddr, size, value, site);
            return;
        }
        long paddr = translate(vaddr, ACCESS_WRITE, dataMode, site);
        long ppage = paddr & PAGE_MASK;
        long host = directPage(ppage, ACCESS_WRITE, dataMode);
        if (host != 0) {
            dev.tuber.isa.runtime.CodeCache.CodePage page = machine.codeCache().codePage(ppage);
            if (page != null) {
                writeHost(host + (paddr & 0xFFF), size, value);
                machine.codeCache().noteWrite(paddr, size);
                if (page.alive) {
                    codeWriteTag[idx] = vaddr & PAGE_MASK;
                    codeWriteAddend[idx] = host - (vaddr & PAGE_MASK);
                    codeWritePage[idx] = page;
                }
                return;
            }
            writeTag[idx] = vaddr & PAGE_MASK;
            writeAddend[idx] = host - (vaddr & PAGE_MASK);
            writePhys[idx] = ppage;
            writeHost(host + (paddr & 0xFFF), size, value);
            if (machine.codeCache().hasCode(ppage)) {
                // code appeared concurrently: do not keep a fast entry for it
                writeTag[idx] = TLB_INVALID;
                machine.codeCache().noteWrite(paddr, size);
            }
            return;
        }
        if (!pmp.allows(paddr, size, ACCESS_WRITE, dataMode)) {
            throw new TrapException(CAUSE_STORE_ACCESS, vaddr, site);
        }
        try {
            bus.write(paddr, size, value);
        } catch (BusError e) {
            throw new TrapException(CAUSE_STORE_ACCESS, vaddr, site);
        }
    }

    private void storeMisaligned(long vaddr, int size, long value, Node site) {
        // check both parts first so that a fault leaves memory untouched
        checkMisaligned(vaddr, size, ACCESS_WRITE, site);
        for (int i = 0; i < size; i++) {
            storeSlow(vaddr + i, 1, (value >>> (8 * i)) & 0xFF, site);
        }
    }

    /**
     * A misaligned access is carried out byte by byte, but translated and checked as at most two
     * accesses, one per page it touches: PMP judges each part as a whole (a part that a PMP entry
     * matches only partly fails, as the privileged spec requires of an access), as QEMU does.
     */
    private void checkMisaligned(long vaddr, int size, int access, Node site) {
        long end = vaddr + size;
        long split = (vaddr & PAGE_MASK) + 4096;
        int firstSize = Long.compareUnsigned(end, split) <= 0 ? size : (int) (split - vaddr);
        long paddr = translate(vaddr, access, dataMode, site);
        if (!pmp.allows(paddr, firstSize, access, dataMode)) {
            throw new TrapException(accessFaultCause(access), vaddr, site);
        }
        if (firstSize < size) {
            long paddr2 = translate(split, access, dataMode, site);
            if (!pmp.allows(paddr2, size - firstSize, access, dataMode)) {
                throw new TrapException(accessFaultCause(access), vaddr, site);
            }
        }
    }

    /**
     * Host address for an atomic memory operation (AMO, LR, SC) of {@code size} bytes at {@code
     * vaddr}: it must be naturally aligned and in plain memory. The page is translated for writing
     * (AMOs need write permission and set the dirty bit); LR asks for reading only.
     */
    @TruffleBoundary(transferToInterpreterOnException = false)
    public long atomicAddress(long vaddr, int size, boolean write, Node site) {
        if ((vaddr & (size - 1)) != 0) {
            throw new TrapException(write ? CAUSE_MISALIGNED_STORE : CAUSE_MISALIGNED_LOAD, vaddr, site);
        }
        int access = write ? ACCESS_WRITE : ACCESS_READ;
        long paddr = translate(vaddr, access, dataMode, site);
        long host = directPage(paddr & PAGE_MASK, access, dataMode);
        if (host == 0) {
            if (!pmp.allows(paddr, size, access, dataMode)) {
                throw new TrapException(write ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS, vaddr, site);
            }
            // atomics on devices are not supported: report an access fault as real hardware may
            throw new TrapException(write ? CAUSE_STORE_ACCESS : CAUSE_LOAD_ACCESS, vaddr, site);
        }
        if (write && machine.codeCache().hasCode(paddr & PAGE_MASK)) {
            machine.codeCache().noteWrite(paddr, size);
        }
        return host + (paddr & 0xFFF);
    }

    private static long readHost(long address, int size) {
        return switch (size) {
            case 1 -> unsafe().getByte(address) & 0xFFL;
            case 2 -> unsafe().getShort(address) & 0xFFFFL;
            case 4 -> unsafe().getInt(address) & 0xFFFF_FFFFL;
            default -> unsafe().getLong(address);
        };
    }

    private static void writeHost(long address, int size, long value) {
        switch (size) {
            case 1 -> unsafe().putByte(address, (byte) value);
            case 2 -> unsafe().putShort(address, (short) value);
            case 4 -> unsafe().putInt(address, (int) value);
            default -> unsafe().putLong(address, value);
        }
    }

    // =========================================================================================
    // Instruction fetch
    // =========================================================================================

    /**
     * Translates a fetch address to a physical address, checking execute permission and PMP.
     *
     * @throws TrapException instruction page fault or access fault, with tval = {@code vaddr}
     */
    @TruffleBoundary(transferToInterpreterOnException = false)
    public long translateFetch(long vaddr) {
        int set = setFor(mode, false);
        int idx = set * TLB_SIZE + (int) ((vaddr >>> 12) & TLB_MASK);
        long vpage = vaddr & PAGE_MASK;
        if (fetchTag[idx] == vpage) {
            return fetchPhys[idx] | (vaddr & 0xFFF);
        }
        long paddr = translate(vaddr, ACCESS_EXEC, mode, null);
        long ppage = paddr & PAGE_MASK;
        if (!pmp.allowsPage(ppage, ACCESS_EXEC, mode)) {
            if (!pmp.allows(paddr, 2, ACCESS_EXEC, mode)) {
                throw new TrapException(CAUSE_FETCH_ACCESS, vaddr, null);
            }
            return paddr; // partial PMP coverage: allowed here, but do not cache the page
        }
        if (bus.directPage(ppage, false) == 0) {
            throw new TrapException(CAUSE_FETCH_ACCESS, vaddr, null);
        }
        fetchTag[idx] = vpage;
        fetchPhys[idx] = ppage;
        return paddr;
    }

    // =========================================================================================
    // Counters
    // =========================================================================================

    /** minstret as seen by an instruction before which {@code inFlight} instructions of the region retired. */
    public long instret(long inFlight) {
        return retired + inFlight + instretDelta;
    }

    public long cycle(long inFlight) {
        return retired + inFlight + cycleDelta;
    }

    // =========================================================================================
    // CSRs
    // =========================================================================================

    /** Whether writing {@code csr} may change translation, interrupts or privilege state, so the region must be left afterwards. */
    public static boolean csrWriteEndsRegion(int csr) {
        return switch (csr) {
            case 0x300, 0x100, 0x301, 0x304, 0x104, 0x344, 0x144, 0x303, 0x302, 0x180, 0x320, 0x30A, 0x10A -> true;
            default -> csr >= 0x3A0 && csr <= 0x3EF; // PMP
        };
    }

    private TrapException illegal(int insn, Node site) {
        return new TrapException(CAUSE_ILLEGAL_INSTRUCTION, insn & 0xFFFF_FFFFL, site);
    }

    /** Checks privilege and counter enables for reading {@code csr}; throws an illegal-instruction trap. */
    private void checkCsrAccess(int csr, boolean write, int insn, Node site) {
        int required = (csr >>> 8) & 3;
        if (mode < required) {
            throw illegal(insn, site);
        }
        if (write && ((csr >>> 10) & 3) == 3) {
            throw illegal(insn, site);
        }
        if (csr == 0x180 && mode == S && (mstatus & MSTATUS_TVM) != 0) {
            throw illegal(insn, site);
        }
        if (csr >= 0xC00 && csr <= 0xC1F && mode < M) {
            int bit = csr - 0xC00;
            if (((mcounteren >>> bit) & 1) == 0 || (mode == U && ((scounteren >>> bit) & 1) == 0)) {
                throw illegal(insn, site);
            }
        }
        if ((csr == 1 || csr == 2 || csr == 3) && (mstatus & MSTATUS_FS) == 0) {
            throw illegal(insn, site);
        }
    }

    /**
     * Executes the CSR part of a Zicsr instruction: reads the old value (unless {@code read} is
     * false, for csrrw with rd = x0), writes {@code newValue} if {@code write}.
     *
     * @param op 1 = csrrw, 2 = csrrs, 3 = csrrc (funct3 & 3)
     * @param inFlight instructions of the current region retired before this one (for counters)
     * @return the old value
     */
    @TruffleBoundary(transferToInterpreterOnException = false)
    public long csrInstruction(int csr, int op, long operand, boolean read, boolean write, long inFlight, int insn, Node site) {
        checkCsrAccess(csr, write, insn, site);
        long old = read || op != 1 ? csrRead(csr, inFlight, insn, site) : 0;
        if (write) {
            // mip.SEIP reads as the software bit OR the interrupt controller's signal, but only the
            // software bit takes part in csrrs/csrrc (privileged spec 3.1.9)
            long base = csr == 0x344 ? (old & ~MIP_SEIP) | (mipSoftware & MIP_SEIP) : old;
            long value = switch (op) {
                case 1 -> operand;
                case 2 -> base | operand;
                default -> base & ~operand;
            };
            csrWrite(csr, value, inFlight, insn, site);
        }
        return old;
    }

    private long csrRead(int csr, long inFlight, int insn, Node site) {
        switch (csr) {
            // unprivileged floating point
            case 0x001: return fflags.flags & 0x1F;
            case 0x002: return frm;
            case 0x003: return (frm << 5) | (fflags.flags & 0x1F);
            // counters
            case 0xC00: case 0xB00: return cycle(inFlight);
            case 0xC01: return machine.board().readTime();
            case 0xC02: case 0xB02: return instret(inFlight);
            // supervisor
            case 0x100: return sstatus();
            case 0x104: return mie & mideleg;
            case 0x105: return stvec;
            case 0x106: return scounteren;
            case 0x10A: return senvcfg;
            case 0x140: return sscratch;
            case 0x141: return sepc;
            case 0x142: return scause;
            case 0x143: return stval;
            case 0x144: return mip() & mideleg;
            case 0x180: return satp;
            // machine information
            case 0xF11: case 0xF12: case 0xF13: case 0xF15: return 0;
            case 0xF14: return hartId;
            // machine trap setup/handling
            case 0x300: return mstatusRead();
            case 0x301: return MISA;
            case 0x302: return medeleg;
            case 0x303: return mideleg;
            case 0x304: return mie;
            case 0x305: return mtvec;
            case 0x306: return mcounteren;
            case 0x30A: return menvcfg;
            case 0x320: return mcountinhibit;
            case 0x340: return mscratch;
            case 0x341: return mepc;
            case 0x342: return mcause;
            case 0x343: return mtval;
            case 0x344: return mip();
            // debug triggers (Sdtrig): none are implemented, so tselect 0 selects a
            // non-existent trigger whose tdata1 reads 0 (type 0) and tinfo says just that
            case 0x7A0: case 0x7A1: case 0x7A2: case 0x7A3: return 0;
            case 0x7A4: return 1;
            default:
                break;
        }
        if (csr >= 0x3A0 && csr <= 0x3AF) {
            int n = csr - 0x3A0;
            if ((n & 1) != 0) {
                throw illegal(insn, site); // odd pmpcfg do not exist on RV64
            }
            if (n >= PMP_COUNT / 4) {
                return 0;
            }
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (pmpcfg[n * 4 + i] & 0xFF);
            }
            return v;
        }
        if (csr >= 0x3B0 && csr <= 0x3EF) {
            int n = csr - 0x3B0;
            return n < PMP_COUNT ? pmpaddr[n] : 0;
        }
        if ((csr >= 0xB03 && csr <= 0xB1F) || (csr >= 0x323 && csr <= 0x33F) || (csr >= 0xC03 && csr <= 0xC1F)) {
            return 0; // hardware performance monitor: no events implemented
        }
        throw illegal(insn, site);
    }

    private long mstatusRead() {
        long s = mstatus;
        if ((s & MSTATUS_FS) == MSTATUS_FS_DIRTY) {
            s |= MSTATUS_SD;
        }
        return s;
    }

    private long sstatus() {
        return mstatusRead() & SSTATUS_MASK;
    }

    private void csrWrite(int csr, long value, long inFlight, int insn, Node site) {
        switch (csr) {
            case 0x001 -> {
                fflags.flags = (int) (value & 0x1F);
                markFpDirty();
            }
            case 0x002 -> {
                frm = (int) (value & 7);
                markFpDirty();
            }
            case 0x003 -> {
                fflags.flags = (int) (value & 0x1F);
                frm = (int) ((value >>> 5) & 7);
                markFpDirty();
            }
            case 0xB00 -> cycleDelta = value - (retired + inFlight + 1);
            case 0xB02 -> instretDelta = value - (retired + inFlight + 1);
            case 0x100 -> writeMstatus((mstatus & ~SSTATUS_WRITABLE) | (value & SSTATUS_WRITABLE));
            case 0x104 -> mie = (mie & ~mideleg) | (value & mideleg);
            case 0x105 -> stvec = legalTvec(value);
            case 0x106 -> scounteren = value & 0xFFFF_FFFFL;
            case 0x10A -> senvcfg = value & 1;
            case 0x140 -> sscratch = value;
            case 0x141 -> sepc = value & ~1L;
            case 0x142 -> scause = value;
            case 0x143 -> stval = value;
            case 0x144 -> {
                long writable = MIP_SSIP & mideleg;
                mipSoftware = (mipSoftware & ~writable) | (value & writable);
            }
            case 0x180 -> writeSatp(value);
            case 0x300 -> writeMstatus(value);
            case 0x301 -> {
                // misa is read-only here (WARL): writes are ignored
            }
            case 0x302 -> medeleg = value & 0xB3FFL;
            case 0x303 -> mideleg = value & MIP_S_LEVEL;
            case 0x304 -> mie = value & MIP_ALL;
            case 0x305 -> mtvec = legalTvec(value);
            case 0x306 -> mcounteren = value & 0xFFFF_FFFFL;
            case 0x30A -> menvcfg = value & 1;
            case 0x320 -> mcountinhibit = value & 0xFFFF_FFFDL;
            case 0x340 -> mscratch = value;
            case 0x341 -> mepc = value & ~1L;
            case 0x342 -> mcause = value;
            case 0x343 -> mtval = value;
            case 0x344 -> {
                long writable = MIP_SSIP | MIP_STIP | MIP_SEIP;
                mipSoftware = (mipSoftware & ~writable) | (value & writable);
            }
            default -> {
                if (csr >= 0x3A0 && csr <= 0x3AF) {
                    writePmpcfg(csr - 0x3A0, value, insn, site);
                } else if (csr >= 0x3B0 && csr <= 0x3EF) {
                    writePmpaddr(csr - 0x3B0, value);
                } else if ((csr >= 0xB03 && csr <= 0xB1F) || (csr >= 0x323 && csr <= 0x33F)) {
                    // performance monitor counters and events: read-only zero (WARL)
                } else if (csr >= 0x7A0 && csr <= 0x7A3) {
                    // no triggers: writes to tselect/tdata are ignored (WARL)
                } else {
                    throw illegal(insn, site);
                }
            }
        }
        raiseAttention();
    }

    private static long legalTvec(long value) {
        // modes 0 (direct) and 1 (vectored) are legal; keep the base 4-byte aligned
        long mode = value & 3;
        return (value & ~3L) | (mode >= 2 ? 0 : mode);
    }

    private void writeMstatus(long value) {
        long old = mstatus;
        long s = (old & ~MSTATUS_WRITABLE) | (value & MSTATUS_WRITABLE);
        if (((s & MSTATUS_MPP) >>> MSTATUS_MPP_SHIFT) == 2) {
            s = (s & ~MSTATUS_MPP) | (old & MSTATUS_MPP); // MPP = 2 is reserved (WARL)
        }
        s = (s & ~(MSTATUS_UXL | MSTATUS_SXL)) | MSTATUS_XLEN_FIELDS;
        mstatus = s;
        if (((old ^ s) & MSTATUS_MXR) != 0) {
            flushTlb();
        }
        updateDataMode();
    }

    private void writeSatp(long value) {
        int newMode = (int) (value >>> 60);
        if (newMode != SATP_MODE_BARE && newMode != SATP_MODE_SV39 && newMode != SATP_MODE_SV48) {
            return; // unsupported modes leave satp unchanged (WARL)
        }
        // ASIDLEN = 0: the ASID field reads as zero
        satp = ((long) newMode << 60) | (value & 0xFFF_FFFF_FFFFL);
        flushTlb();
    }

    private void writePmpcfg(int n, long value, int insn, Node site) {
        if ((n & 1) != 0) {
            throw illegal(insn, site);
        }
        if (n >= PMP_COUNT / 4) {
            return;
        }
        for (int i = 0; i < 8; i++) {
            int entry = n * 4 + i;
            if ((pmpcfg[entry] & Pmp.L) != 0) {
                continue; // locked
            }
            byte cfg = (byte) (value >>> (8 * i));
            // W without R is reserved: keep it representable as R=0,W=0 (WARL)
            if ((cfg & Pmp.R) == 0 && (cfg & Pmp.W) != 0) {
                cfg &= (byte) ~Pmp.W;
            }
            pmpcfg[entry] = cfg;
        }
        pmp.update(pmpcfg, pmpaddr);
        flushTlb();
    }

    private void writePmpaddr(int n, long value) {
        if (n >= PMP_COUNT) {
            return;
        }
        if ((pmpcfg[n] & Pmp.L) != 0) {
            return;
        }
        // an entry is also locked against pmpaddr writes when the next entry is a locked TOR
        if (n + 1 < PMP_COUNT && (pmpcfg[n + 1] & Pmp.L) != 0 && ((pmpcfg[n + 1] >>> 3) & 3) == Pmp.A_TOR) {
            return;
        }
        pmpaddr[n] = value & ((1L << 54) - 1);
        pmp.update(pmpcfg, pmpaddr);
        flushTlb();
    }

    // =========================================================================================
    // Floating-point state
    // =========================================================================================

    /** Whether mstatus.FS is Off (FP instructions and CSRs are illegal). */
    public boolean fpOff() {
        return (mstatus & MSTATUS_FS) == 0;
    }

    /** Sets mstatus.FS to Dirty after an instruction changed FP state. */
    public void markFpDirty() {
        if ((mstatus & MSTATUS_FS) != MSTATUS_FS_DIRTY) {
            mstatus |= MSTATUS_FS_DIRTY;
        }
    }

    /** Raises an illegal-instruction trap (for instruction nodes). */
    public TrapException illegalInstruction(int insn, Node site) {
        return illegal(insn, site);
    }

    // =========================================================================================
    // Introspection (polyglot view, debugger, tests)
    // =========================================================================================

    /** Reads a CSR as M-mode would, without side effects on counters beyond what a read does. */
    @TruffleBoundary
    public long debugReadCsr(int csr) {
        int saved = mode;
        try {
            mode = M;
            return csrRead(csr, 0, 0, null);
        } finally {
            mode = saved;
        }
    }

    public long mstatus() {
        return mstatusRead();
    }

    public long satp() {
        return satp;
    }

    private static sun.misc.Unsafe unsafe() {
        return HostMemory.UNSAFE;
    }
}
