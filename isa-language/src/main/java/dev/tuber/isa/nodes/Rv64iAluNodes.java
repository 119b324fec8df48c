package dev.tuber.isa.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;

/**
 * RV64I integer computation: register-register and register-immediate operations, lui and auipc.
 *
 * <p>The decoder never builds these with rd = x0 (such instructions are hints and become {@link
 * NopNode}), so a write never needs a test. A read of x0 reads slot 0, which is never written and
 * so always 0: no special case at run time either.
 */
public final class Rv64iAluNodes {
    private Rv64iAluNodes() {
    }

    /** Register-register operation. */
    public abstract static class RTypeNode extends InstrNode {
        protected final int rd;
        protected final int rs1;
        protected final int rs2;

        protected RTypeNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length);
            this.rd = rd;
            this.rs1 = rs1;
            this.rs2 = rs2;
        }

        @Override
        public long readsX() {
            return bit(rs1) | bit(rs2);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }

        @Override
        public boolean pure() {
            return true;
        }

        @Override
        public String describe() {
            return super.describe() + " x" + rd + ", x" + rs1 + ", x" + rs2;
        }
    }

    /** Register-immediate operation (shifts carry the shift amount as immediate). */
    public abstract static class ITypeNode extends InstrNode {
        protected final int rd;
        protected final int rs1;
        protected final long imm;

        protected ITypeNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length);
            this.rd = rd;
            this.rs1 = rs1;
            this.imm = imm;
        }

        @Override
        public long readsX() {
            return bit(rs1);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }

        @Override
        public boolean pure() {
            return true;
        }

        @Override
        public String describe() {
            return super.describe() + " x" + rd + ", x" + rs1 + ", " + imm;
        }
    }

    /** lui rd, imm: the decoder passes the sign-extended upper immediate. */
    public static final class LuiNode extends InstrNode {
        private final int rd;
        private final long value;

        public LuiNode(int insn, int offset, int length, int rd, long value) {
            super(insn, offset, length);
            this.rd = rd;
            this.value = value;
        }

        @Override
        public boolean pure() {
            return true;
        }

        @Override
        public void execute(VirtualFrame frame) {
            setX(frame, rd, value);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** auipc rd, imm: PC-relative; the PC comes from the page the region runs at. */
    public static final class AuipcNode extends InstrNode {
        private final int rd;
        private final long imm;

        public AuipcNode(int insn, int offset, int length, int rd, long imm) {
            super(insn, offset, length);
            this.rd = rd;
            this.imm = imm;
        }

        @Override
        public boolean pure() {
            return true;
        }

        @Override
        public void execute(VirtualFrame frame) {
            setX(frame, rd, pc(frame) + imm);
        }

        @Override
        public long writesX() {
            return bit(rd);
        }
    }

    /** An instruction without architectural effect (fence, hints, writes to x0). */
    public static final class NopNode extends InstrNode {
        public NopNode(int insn, int offset, int length) {
            super(insn, offset, length);
        }

        @Override
        public boolean pure() {
            return true;
        }

        @Override
        public void execute(VirtualFrame frame) {
        }
    }

    /** add rd, rs1, rs2 */
    public static final class AddNode extends RTypeNode {
        public AddNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, a + b);
        }
    }

    /** sub rd, rs1, rs2 */
    public static final class SubNode extends RTypeNode {
        public SubNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, a - b);
        }
    }

    /** sll rd, rs1, rs2 */
    public static final class SllNode extends RTypeNode {
        public SllNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, a << (b & 63));
        }
    }

    /** slt rd, rs1, rs2 */
    public static final class SltNode extends RTypeNode {
        public SltNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, a < b ? 1 : 0);
        }
    }

    /** sltu rd, rs1, rs2 */
    public static final class SltuNode extends RTypeNode {
        public SltuNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, Long.compareUnsigned(a, b) < 0 ? 1 : 0);
        }
    }

    /** xor rd, rs1, rs2 */
    public static final class XorNode extends RTypeNode {
        public XorNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, a ^ b);
        }
    }

    /** srl rd, rs1, rs2 */
    public static final class SrlNode extends RTypeNode {
        public SrlNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, a >>> (b & 63));
        }
    }

    /** sra rd, rs1, rs2 */
    public static final class SraNode extends RTypeNode {
        public SraNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, a >> (b & 63));
        }
    }

    /** or rd, rs1, rs2 */
    public static final class OrNode extends RTypeNode {
        public OrNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, a | b);
        }
    }

    /** and rd, rs1, rs2 */
    public static final class AndNode extends RTypeNode {
        public AndNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, a & b);
        }
    }

    /** addw rd, rs1, rs2 */
    public static final class AddwNode extends RTypeNode {
        public AddwNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, (int) (a + b));
        }
    }

    /** subw rd, rs1, rs2 */
    public static final class SubwNode extends RTypeNode {
        public SubwNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, (int) (a - b));
        }
    }

    /** sllw rd, rs1, rs2 */
    public static final class SllwNode extends RTypeNode {
        public SllwNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, (int) a << (b & 31));
        }
    }

    /** srlw rd, rs1, rs2 */
    public static final class SrlwNode extends RTypeNode {
        public SrlwNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, (int) ((int) a >>> (b & 31)));
        }
    }

    /** sraw rd, rs1, rs2 */
    public static final class SrawNode extends RTypeNode {
        public SrawNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, (int) a >> (b & 31));
        }
    }

    /** addi rd, rs1, imm */
    public static final class AddiNode extends ITypeNode {
        public AddiNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, a + imm);
        }
    }

    /** slti rd, rs1, imm */
    public static final class SltiNode extends ITypeNode {
        public SltiNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, a < imm ? 1 : 0);
        }
    }

    /** sltiu rd, rs1, imm */
    public static final class SltiuNode extends ITypeNode {
        public SltiuNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, Long.compareUnsigned(a, imm) < 0 ? 1 : 0);
        }
    }

    /** xori rd, rs1, imm */
    public static final class XoriNode extends ITypeNode {
        public XoriNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, a ^ imm);
        }
    }

    /** ori rd, rs1, imm */
    public static final class OriNode extends ITypeNode {
        public OriNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, a | imm);
        }
    }

    /** andi rd, rs1, imm */
    public static final class AndiNode extends ITypeNode {
        public AndiNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, a & imm);
        }
    }

    /** slli rd, rs1, imm */
    public static final class SlliNode extends ITypeNode {
        public SlliNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, a << imm);
        }
    }

    /** srli rd, rs1, imm */
    public static final class SrliNode extends ITypeNode {
        public SrliNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, a >>> imm);
        }
    }

    /** srai rd, rs1, imm */
    public static final class SraiNode extends ITypeNode {
        public SraiNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, a >> imm);
        }
    }

    /** addiw rd, rs1, imm */
    public static final class AddiwNode extends ITypeNode {
        public AddiwNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, (int) (a + imm));
        }
    }

    /** slliw rd, rs1, imm */
    public static final class SlliwNode extends ITypeNode {
        public SlliwNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, (int) a << imm);
        }
    }

    /** srliw rd, rs1, imm */
    public static final class SrliwNode extends ITypeNode {
        public SrliwNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, (int) ((int) a >>> imm));
        }
    }

    /** sraiw rd, rs1, imm */
    public static final class SraiwNode extends ITypeNode {
        public SraiwNode(int insn, int offset, int length, int rd, int rs1, long imm) {
            super(insn, offset, length, rd, rs1, imm);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            setX(frame, rd, (int) a >> imm);
        }
    }
}
