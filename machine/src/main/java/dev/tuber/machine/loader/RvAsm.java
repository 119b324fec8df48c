package dev.tuber.machine.loader;

/**
 * Encoders for the few RV64 instructions the machine layer writes itself (reset vectors, tiny
 * stubs). Each returns the 32-bit instruction word; immediates are checked against their field.
 */
public final class RvAsm {
    private RvAsm() {
    }

    public static final int ZERO = 0;
    public static final int RA = 1;
    public static final int T0 = 5;
    public static final int T1 = 6;
    public static final int A0 = 10;
    public static final int A1 = 11;
    public static final int A2 = 12;

    /** CSR number of {@code mhartid}. */
    public static final int CSR_MHARTID = 0xF14;

    /** {@code wfi}. */
    public static final int WFI = 0x1050_0073;

    private static int reg(int r) {
        if (r < 0 || r > 31) {
            throw new IllegalArgumentException("register x" + r);
        }
        return r;
    }

    private static int imm12(int imm) {
        if (imm < -2048 || imm > 2047) {
            throw new IllegalArgumentException("12-bit immediate " + imm);
        }
        return imm & 0xFFF;
    }

    /** {@code lui rd, imm20} (rd = imm20 << 12, sign-extended). */
    public static int lui(int rd, int imm20) {
        return ((imm20 & 0xFFFFF) << 12) | (reg(rd) << 7) | 0x37;
    }

    /** {@code auipc rd, imm20} (rd = pc + (imm20 << 12)). */
    public static int auipc(int rd, int imm20) {
        return ((imm20 & 0xFFFFF) << 12) | (reg(rd) << 7) | 0x17;
    }

    /** {@code addi rd, rs1, imm}. */
    public static int addi(int rd, int rs1, int imm) {
        return (imm12(imm) << 20) | (reg(rs1) << 15) | (reg(rd) << 7) | 0x13;
    }

    /** {@code ld rd, imm(rs1)}. */
    public static int ld(int rd, int rs1, int imm) {
        return (imm12(imm) << 20) | (reg(rs1) << 15) | (3 << 12) | (reg(rd) << 7) | 0x03;
    }

    /** {@code lw rd, imm(rs1)}. */
    public static int lw(int rd, int rs1, int imm) {
        return (imm12(imm) << 20) | (reg(rs1) << 15) | (2 << 12) | (reg(rd) << 7) | 0x03;
    }

    /** {@code sw rs2, imm(rs1)}. */
    public static int sw(int rs2, int rs1, int imm) {
        int i = imm12(imm);
        return ((i >> 5) << 25) | (reg(rs2) << 20) | (reg(rs1) << 15) | (2 << 12) | ((i & 0x1F) << 7) | 0x23;
    }

    /** {@code csrr rd, csr} ({@code csrrs rd, csr, x0}). */
    public static int csrr(int rd, int csr) {
        return ((csr & 0xFFF) << 20) | (2 << 12) | (reg(rd) << 7) | 0x73;
    }

    /** {@code jalr rd, imm(rs1)}; {@code jr rs} is {@code jalr(ZERO, rs, 0)}. */
    public static int jalr(int rd, int rs1, int imm) {
        return (imm12(imm) << 20) | (reg(rs1) << 15) | (reg(rd) << 7) | 0x67;
    }

    /** {@code jal rd, offset} (offset even, within ±1 MiB). */
    public static int jal(int rd, int offset) {
        if ((offset & 1) != 0 || offset < -(1 << 20) || offset >= (1 << 20)) {
            throw new IllegalArgumentException("jal offset " + offset);
        }
        int o = offset;
        return (((o >> 20) & 1) << 31) | (((o >> 1) & 0x3FF) << 21) | (((o >> 11) & 1) << 20) | (((o >> 12) & 0xFF) << 12)
                        | (reg(rd) << 7) | 0x6F;
    }

    /** Little-endian bytes of instruction words, in order. */
    public static byte[] bytes(int... words) {
        byte[] out = new byte[words.length * 4];
        for (int i = 0; i < words.length; i++) {
            LittleEndian.putU32(out, i * 4, words[i]);
        }
        return out;
    }
}
