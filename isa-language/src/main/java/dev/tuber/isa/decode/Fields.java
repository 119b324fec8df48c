package dev.tuber.isa.decode;

/** Field extraction for the RISC-V base instruction formats (R, I, S, B, U, J, R4). */
public final class Fields {
    private Fields() {
    }

    public static int rd(int b) {
        return (b >>> 7) & 31;
    }

    public static int rs1(int b) {
        return (b >>> 15) & 31;
    }

    public static int rs2(int b) {
        return (b >>> 20) & 31;
    }

    public static int rs3(int b) {
        return (b >>> 27) & 31;
    }

    public static int funct3(int b) {
        return (b >>> 12) & 7;
    }

    /** I-type immediate, sign-extended. */
    public static long immI(int b) {
        return b >> 20;
    }

    /** S-type immediate, sign-extended. */
    public static long immS(int b) {
        return ((b >> 25) << 5) | ((b >>> 7) & 31);
    }

    /** B-type immediate (branch offset), sign-extended. */
    public static long immB(int b) {
        return ((long) (b >> 31) << 12) | (((b >>> 7) & 1) << 11) | (((b >>> 25) & 0x3F) << 5) | (((b >>> 8) & 0xF) << 1);
    }

    /** U-type immediate (already shifted into bits 31:12), sign-extended. */
    public static long immU(int b) {
        return b & 0xFFFFF000;
    }

    /** J-type immediate (jal offset), sign-extended. */
    public static long immJ(int b) {
        return ((long) (b >> 31) << 20) | (b & 0xFF000) | (((b >>> 20) & 1) << 11) | (((b >>> 21) & 0x3FF) << 1);
    }

    /** 6-bit shift amount of RV64 shifts. */
    public static int shamt6(int b) {
        return (b >>> 20) & 63;
    }

    /** 5-bit shift amount of the W shifts. */
    public static int shamt5(int b) {
        return (b >>> 20) & 31;
    }
}
