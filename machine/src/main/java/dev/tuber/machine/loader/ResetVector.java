package dev.tuber.machine.loader;

import static dev.tuber.machine.loader.RvAsm.A0;
import static dev.tuber.machine.loader.RvAsm.A1;
import static dev.tuber.machine.loader.RvAsm.A2;
import static dev.tuber.machine.loader.RvAsm.CSR_MHARTID;
import static dev.tuber.machine.loader.RvAsm.T0;
import static dev.tuber.machine.loader.RvAsm.ZERO;

/**
 * The boot ROM contents of virt and spike, laid out as QEMU's {@code riscv_setup_rom_reset_vec}
 * lays them out so that firmware sees the same registers: six instructions, the start address,
 * the device-tree address, then the {@link FwDynamicInfo}. Every hart starts at the first
 * instruction. The code is position-independent (it addresses the data through {@code auipc}).
 */
public final class ResetVector {
    private ResetVector() {
    }

    /** Offset of the start address (a 64-bit word). */
    public static final int START_OFFSET = 24;
    /** Offset of the device-tree address (a 64-bit word). */
    public static final int FDT_OFFSET = 32;
    /** Offset of the fw_dynamic info structure. */
    public static final int FW_DYNAMIC_OFFSET = 40;
    /** Total size in bytes. */
    public static final int SIZE = FW_DYNAMIC_OFFSET + FwDynamicInfo.SIZE;

    /** The six instructions. */
    static int[] code() {
        return new int[] {
            RvAsm.auipc(T0, 0),                        // t0 = address of this ROM
            RvAsm.addi(A2, T0, FW_DYNAMIC_OFFSET),     // a2 = &fw_dynamic_info
            RvAsm.csrr(A0, CSR_MHARTID),               // a0 = mhartid
            RvAsm.ld(A1, T0, FDT_OFFSET),              // a1 = device-tree address
            RvAsm.ld(T0, T0, START_OFFSET),            // t0 = start address
            RvAsm.jalr(ZERO, T0, 0),                   // jump to it
        };
    }

    /**
     * The ROM image.
     *
     * @param start where the harts go (firmware entry, or kernel entry without firmware)
     * @param fdt the device-tree address handed over in {@code a1}
     */
    public static byte[] build(long start, long fdt, FwDynamicInfo info) {
        byte[] b = new byte[SIZE];
        byte[] code = RvAsm.bytes(code());
        System.arraycopy(code, 0, b, 0, code.length);
        LittleEndian.putU64(b, START_OFFSET, start);
        LittleEndian.putU64(b, FDT_OFFSET, fdt);
        byte[] fw = info.toBytes();
        System.arraycopy(fw, 0, b, FW_DYNAMIC_OFFSET, fw.length);
        return b;
    }
}
