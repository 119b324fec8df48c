package dev.tuber.isa.decode;

/**
 * Expansion of RV64C compressed instructions to the 32-bit instructions they stand for (RISC-V
 * unprivileged spec, chapter "C" Standard Extension, table of RVC instructions). The expanded
 * encoding then goes through the ordinary decoder, so every compressed instruction behaves exactly
 * as its 32-bit equivalent; only its length differs.
 */
public final class Rvc {
    private Rvc() {
    }

    /** Returned for reserved and illegal encodings. */
    public static final int ILLEGAL = 0;

    private static final int OP_LOAD = 0x03;
    private static final int OP_LOAD_FP = 0x07;
    private static final int OP_IMM = 0x13;
    private static final int OP_IMM_32 = 0x1B;
    private static final int OP_STORE = 0x23;
    private static final int OP_STORE_FP = 0x27;
    private static final int OP = 0x33;
    private static final int OP_32 = 0x3B;
    private static final int LUI = 0x37;
    private static final int BRANCH = 0x63;
    private static final int JALR = 0x67;
    private static final int JAL = 0x6F;

    private static int bits(int c, int hi, int lo) {
        return (c >>> lo) & ((1 << (hi - lo + 1)) - 1);
    }

    private static int signExtend(int value, int width) {
        int shift = 32 - width;
        return (value << shift) >> shift;
    }

    /** Compressed register field (3 bits) to register number x8..x15. */
    private static int creg(int field) {
        return 8 + field;
    }

    static int iType(int imm, int rs1, int funct3, int rd, int opcode) {
        return (imm << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
    }

    static int sType(int imm, int rs2, int rs1, int funct3, int opcode) {
        return ((imm >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | ((imm & 31) << 7) | opcode;
    }

    static int rType(int funct7, int rs2, int rs1, int funct3, int rd, int opcode) {
        return (funct7 << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
    }

    static int bType(int imm, int rs2, int rs1, int funct3) {
        return (((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3F) << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12)
                        | (((imm >> 1) & 0xF) << 8) | (((imm >> 11) & 1) << 7) | BRANCH;
    }

    static int jType(int imm, int rd) {
        return (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3FF) << 21) | (((imm >> 11) & 1) << 20) | (((imm >> 12) & 0xFF) << 12)
                        | (rd << 7) | JAL;
    }

    /**
     * Expands a 16-bit instruction (low two bits not 11).
     *
     * @return the equivalent 32-bit encoding, or {@link #ILLEGAL} for reserved encodings
     */
    public static int expand(int c) {
        c &= 0xFFFF;
        int quadrant = c & 3;
        int funct3 = bits(c, 15, 13);
        int rdFull = bits(c, 11, 7);
        int rs2Full = bits(c, 6, 2);
        int rdPrime = creg(bits(c, 4, 2));
        int rs1Prime = creg(bits(c, 9, 7));
        switch (quadrant) {
            case 0:
                switch (funct3) {
                    case 0: { // c.addi4spn
                        int imm = (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 3);
                        if (imm == 0) {
                            return ILLEGAL;
                        }
                        return iType(imm, 2, 0, rdPrime, OP_IMM);
                    }
                    case 1: { // c.fld
                        int imm = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
                        return iType(imm, rs1Prime, 3, rdPrime, OP_LOAD_FP);
                    }
                    case 2: { // c.lw
                        int imm = (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 6);
                        return iType(imm, rs1Prime, 2, rdPrime, OP_LOAD);
                    }
                    case 3: { // c.ld
                        int imm = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
                        return iType(imm, rs1Prime, 3, rdPrime, OP_LOAD);
                    }
                    case 5: { // c.fsd
                        int imm = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
                        return sType(imm, rdPrime, rs1Prime, 3, OP_STORE_FP);
                    }
                    case 6: { // c.sw
                        int imm = (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 6);
                        return sType(imm, rdPrime, rs1Prime, 2, OP_STORE);
                    }
                    case 7: { // c.sd
                        int imm = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
                        return sType(imm, rdPrime, rs1Prime, 3, OP_STORE);
                    }
                    default:
                        return ILLEGAL;
                }
            case 1: {
                int imm6 = signExtend((bits(c, 12, 12) << 5) | bits(c, 6, 2), 6);
                switch (funct3) {
                    case 0: // c.addi, c.nop
                        return iType(imm6, rdFull, 0, rdFull, OP_IMM);
                    case 1: // c.addiw
                        if (rdFull == 0) {
                            return ILLEGAL;
                        }
                        return iType(imm6, rdFull, 0, rdFull, OP_IMM_32);
                    case 2: // c.li
                        return iType(imm6, 0, 0, rdFull, OP_IMM);
                    case 3:
                        if (rdFull == 2) { // c.addi16sp
                            int imm = (bits(c, 12, 12) << 9) | (bits(c, 6, 6) << 4) | (bits(c, 5, 5) << 6) | (bits(c, 4, 3) << 7)
                                            | (bits(c, 2, 2) << 5);
                            imm = signExtend(imm, 10);
                            if (imm == 0) {
                                return ILLEGAL;
                            }
                            return iType(imm, 2, 0, 2, OP_IMM);
                        } else { // c.lui
                            int imm = signExtend((bits(c, 12, 12) << 17) | (bits(c, 6, 2) << 12), 18);
                            if (imm == 0) {
                                return ILLEGAL;
                            }
                            return (imm & 0xFFFFF000) | (rdFull << 7) | LUI;
                        }
                    case 4: {
                        int funct2 = bits(c, 11, 10);
                        int shamt = (bits(c, 12, 12) << 5) | bits(c, 6, 2);
                        switch (funct2) {
                            case 0: // c.srli
                                return iType(shamt, rs1Prime, 5, rs1Prime, OP_IMM);
                            case 1: // c.srai
                                return iType(0x400 | shamt, rs1Prime, 5, rs1Prime, OP_IMM);
                            case 2: // c.andi
                                return iType(imm6, rs1Prime, 7, rs1Prime, OP_IMM);
                            default: {
                                int op2 = bits(c, 6, 5);
                                int rs2 = rdPrime;
                                if (bits(c, 12, 12) == 0) {
                                    return switch (op2) {
                                        case 0 -> rType(0x20, rs2, rs1Prime, 0, rs1Prime, OP); // c.sub
                                        case 1 -> rType(0, rs2, rs1Prime, 4, rs1Prime, OP); // c.xor
                                        case 2 -> rType(0, rs2, rs1Prime, 6, rs1Prime, OP); // c.or
                                        default -> rType(0, rs2, rs1Prime, 7, rs1Prime, OP); // c.and
                                    };
                                }
                                return switch (op2) {
                                    case 0 -> rType(0x20, rs2, rs1Prime, 0, rs1Prime, OP_32); // c.subw
                                    case 1 -> rType(0, rs2, rs1Prime, 0, rs1Prime, OP_32); // c.addw
                                    default -> ILLEGAL;
                                };
                            }
                        }
                    }
                    case 5: { // c.j
                        int imm = (bits(c, 12, 12) << 11) | (bits(c, 11, 11) << 4) | (bits(c, 10, 9) << 8) | (bits(c, 8, 8) << 10)
                                        | (bits(c, 7, 7) << 6) | (bits(c, 6, 6) << 7) | (bits(c, 5, 3) << 1) | (bits(c, 2, 2) << 5);
                        return jType(signExtend(imm, 12), 0);
                    }
                    default: { // 6: c.beqz, 7: c.bnez
                        int imm = (bits(c, 12, 12) << 8) | (bits(c, 11, 10) << 3) | (bits(c, 6, 5) << 6) | (bits(c, 4, 3) << 1)
                                        | (bits(c, 2, 2) << 5);
                        return bType(signExtend(imm, 9), 0, rs1Prime, funct3 == 6 ? 0 : 1);
                    }
                }
            }
            case 2:
                switch (funct3) {
                    case 0: { // c.slli
                        int shamt = (bits(c, 12, 12) << 5) | bits(c, 6, 2);
                        return iType(shamt, rdFull, 1, rdFull, OP_IMM);
                    }
                    case 1: { // c.fldsp
                        int imm = (bits(c, 12, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
                        return iType(imm, 2, 3, rdFull, OP_LOAD_FP);
                    }
                    case 2: { // c.lwsp
                        if (rdFull == 0) {
                            return ILLEGAL;
                        }
                        int imm = (bits(c, 12, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
                        return iType(imm, 2, 2, rdFull, OP_LOAD);
                    }
                    case 3: { // c.ldsp
                        if (rdFull == 0) {
                            return ILLEGAL;
                        }
                        int imm = (bits(c, 12, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
                        return iType(imm, 2, 3, rdFull, OP_LOAD);
                    }
                    case 4:
                        if (bits(c, 12, 12) == 0) {
                            if (rs2Full == 0) { // c.jr
                                if (rdFull == 0) {
                                    return ILLEGAL;
                                }
                                return iType(0, rdFull, 0, 0, JALR);
                            }
                            return rType(0, rs2Full, 0, 0, rdFull, OP); // c.mv
                        }
                        if (rs2Full == 0) {
                            if (rdFull == 0) {
                                return 0x00100073; // c.ebreak
                            }
                            return iType(0, rdFull, 0, 1, JALR); // c.jalr
                        }
                        return rType(0, rs2Full, rdFull, 0, rdFull, OP); // c.add
                    case 5: { // c.fsdsp
                        int imm = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
                        return sType(imm, rs2Full, 2, 3, OP_STORE_FP);
                    }
                    case 6: { // c.swsp
                        int imm = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
                        return sType(imm, rs2Full, 2, 2, OP_STORE);
                    }
                    default: { // c.sdsp
                        int imm = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
                        return sType(imm, rs2Full, 2, 3, OP_STORE);
                    }
                }
            default:
                return ILLEGAL; // quadrant 3 is not compressed
        }
    }
}
