package dev.tuber.isa.hart;

/**
 * Constants of the RISC-V privileged architecture (version 1.12): privilege modes, trap causes,
 * {@code mstatus} and interrupt bits.
 */
public final class Priv {
    private Priv() {
    }

    // Privilege modes (mstatus.MPP encoding)
    public static final int U = 0;
    public static final int S = 1;
    public static final int M = 3;

    // Exception causes (mcause with interrupt bit clear)
    public static final int CAUSE_MISALIGNED_FETCH = 0;
    public static final int CAUSE_FETCH_ACCESS = 1;
    public static final int CAUSE_ILLEGAL_INSTRUCTION = 2;
    public static final int CAUSE_BREAKPOINT = 3;
    public static final int CAUSE_MISALIGNED_LOAD = 4;
    public static final int CAUSE_LOAD_ACCESS = 5;
    public static final int CAUSE_MISALIGNED_STORE = 6;
    public static final int CAUSE_STORE_ACCESS = 7;
    public static final int CAUSE_USER_ECALL = 8;
    public static final int CAUSE_SUPERVISOR_ECALL = 9;
    public static final int CAUSE_MACHINE_ECALL = 11;
    public static final int CAUSE_FETCH_PAGE_FAULT = 12;
    public static final int CAUSE_LOAD_PAGE_FAULT = 13;
    public static final int CAUSE_STORE_PAGE_FAULT = 15;

    /** Bit 63 of mcause/scause marks an interrupt. */
    public static final long CAUSE_INTERRUPT = 1L << 63;

    // Interrupt numbers = mip/mie bit positions
    public static final int IRQ_S_SOFT = 1;
    public static final int IRQ_M_SOFT = 3;
    public static final int IRQ_S_TIMER = 5;
    public static final int IRQ_M_TIMER = 7;
    public static final int IRQ_S_EXT = 9;
    public static final int IRQ_M_EXT = 11;

    public static final long MIP_SSIP = 1L << IRQ_S_SOFT;
    public static final long MIP_MSIP = 1L << IRQ_M_SOFT;
    public static final long MIP_STIP = 1L << IRQ_S_TIMER;
    public static final long MIP_MTIP = 1L << IRQ_M_TIMER;
    public static final long MIP_SEIP = 1L << IRQ_S_EXT;
    public static final long MIP_MEIP = 1L << IRQ_M_EXT;
    /** Interrupts that exist on this hart. */
    public static final long MIP_ALL = MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP;
    /** Supervisor-level interrupts: the ones mideleg may delegate and sip/sie may show. */
    public static final long MIP_S_LEVEL = MIP_SSIP | MIP_STIP | MIP_SEIP;

    // mstatus fields
    public static final long MSTATUS_SIE = 1L << 1;
    public static final long MSTATUS_MIE = 1L << 3;
    public static final long MSTATUS_SPIE = 1L << 5;
    public static final long MSTATUS_UBE = 1L << 6;
    public static final long MSTATUS_MPIE = 1L << 7;
    public static final long MSTATUS_SPP = 1L << 8;
    public static final long MSTATUS_VS = 3L << 9;
    public static final int MSTATUS_MPP_SHIFT = 11;
    public static final long MSTATUS_MPP = 3L << MSTATUS_MPP_SHIFT;
    public static final long MSTATUS_FS = 3L << 13;
    public static final long MSTATUS_FS_INITIAL = 1L << 13;
    public static final long MSTATUS_FS_CLEAN = 2L << 13;
    public static final long MSTATUS_FS_DIRTY = 3L << 13;
    public static final long MSTATUS_XS = 3L << 15;
    public static final long MSTATUS_MPRV = 1L << 17;
    public static final long MSTATUS_SUM = 1L << 18;
    public static final long MSTATUS_MXR = 1L << 19;
    public static final long MSTATUS_TVM = 1L << 20;
    public static final long MSTATUS_TW = 1L << 21;
    public static final long MSTATUS_TSR = 1L << 22;
    public static final long MSTATUS_UXL = 3L << 32;
    public static final long MSTATUS_SXL = 3L << 34;
    public static final long MSTATUS_SD = 1L << 63;

    /** UXL = SXL = 2 (64-bit), read-only. */
    public static final long MSTATUS_XLEN_FIELDS = (2L << 32) | (2L << 34);
    /** mstatus bits software may write. */
    public static final long MSTATUS_WRITABLE = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP | MSTATUS_MPP
            | MSTATUS_FS | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;
    /** The bits of mstatus that sstatus shows. */
    public static final long SSTATUS_MASK = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | MSTATUS_SPP | MSTATUS_VS | MSTATUS_FS | MSTATUS_XS
            | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_UXL | MSTATUS_SD;
    /** sstatus bits software may write. */
    public static final long SSTATUS_WRITABLE = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | MSTATUS_SUM | MSTATUS_MXR;

    // misa: RV64 with A C D F I M S U
    public static final long MISA = (2L << 62) | ext('A') | ext('C') | ext('D') | ext('F') | ext('I') | ext('M') | ext('S') | ext('U');

    private static long ext(char c) {
        return 1L << (c - 'A');
    }

    // satp
    public static final int SATP_MODE_BARE = 0;
    public static final int SATP_MODE_SV39 = 8;
    public static final int SATP_MODE_SV48 = 9;

    /** Name of a privilege mode, for messages. */
    public static String modeName(int mode) {
        return switch (mode) {
            case U -> "U";
            case S -> "S";
            case M -> "M";
            default -> "?";
        };
    }
}
