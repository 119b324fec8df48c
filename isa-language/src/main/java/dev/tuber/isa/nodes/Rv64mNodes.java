package dev.tuber.isa.nodes;

import com.oracle.truffle.api.frame.VirtualFrame;

import dev.tuber.isa.nodes.Rv64iAluNodes.RTypeNode;

/**
 * RV64M multiplication and division. Division by zero and signed overflow do not trap: they
 * produce the results the M chapter specifies (quotient all ones / the dividend, remainder the
 * dividend / zero), which the expressions below spell out.
 */
public final class Rv64mNodes {
    private Rv64mNodes() {
    }

    static long mulhsu(long a, long b) {
        // signed a times unsigned b, upper 64 bits
        long high = Math.unsignedMultiplyHigh(a, b);
        return a < 0 ? high - b : high;
    }

    static int divw(int a, int b) {
        if (b == 0) {
            return -1;
        }
        if (a == Integer.MIN_VALUE && b == -1) {
            return a;
        }
        return a / b;
    }

    static int remw(int a, int b) {
        if (b == 0) {
            return a;
        }
        if (b == -1) {
            return 0;
        }
        return a % b;
    }

    /** mul rd, rs1, rs2 */
    public static final class MulNode extends RTypeNode {
        public MulNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, a * b);
        }
    }

    /** mulh rd, rs1, rs2 */
    public static final class MulhNode extends RTypeNode {
        public MulhNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, Math.multiplyHigh(a, b));
        }
    }

    /** mulhsu rd, rs1, rs2 */
    public static final class MulhsuNode extends RTypeNode {
        public MulhsuNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, mulhsu(a, b));
        }
    }

    /** mulhu rd, rs1, rs2 */
    public static final class MulhuNode extends RTypeNode {
        public MulhuNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, Math.unsignedMultiplyHigh(a, b));
        }
    }

    /** div rd, rs1, rs2 */
    public static final class DivNode extends RTypeNode {
        public DivNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, b == 0 ? -1 : (a == Long.MIN_VALUE && b == -1 ? a : a / b));
        }
    }

    /** divu rd, rs1, rs2 */
    public static final class DivuNode extends RTypeNode {
        public DivuNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, b == 0 ? -1 : Long.divideUnsigned(a, b));
        }
    }

    /** rem rd, rs1, rs2 */
    public static final class RemNode extends RTypeNode {
        public RemNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, b == 0 ? a : (b == -1 ? 0 : a % b));
        }
    }

    /** remu rd, rs1, rs2 */
    public static final class RemuNode extends RTypeNode {
        public RemuNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, b == 0 ? a : Long.remainderUnsigned(a, b));
        }
    }

    /** mulw rd, rs1, rs2 */
    public static final class MulwNode extends RTypeNode {
        public MulwNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, (int) a * (int) b);
        }
    }

    /** divw rd, rs1, rs2 */
    public static final class DivwNode extends RTypeNode {
        public DivwNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, divw((int) a, (int) b));
        }
    }

    /** divuw rd, rs1, rs2 */
    public static final class DivuwNode extends RTypeNode {
        public DivuwNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, (int) b == 0 ? -1 : (int) Integer.divideUnsigned((int) a, (int) b));
        }
    }

    /** remw rd, rs1, rs2 */
    public static final class RemwNode extends RTypeNode {
        public RemwNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, remw((int) a, (int) b));
        }
    }

    /** remuw rd, rs1, rs2 */
    public static final class RemuwNode extends RTypeNode {
        public RemuwNode(int insn, int offset, int length, int rd, int rs1, int rs2) {
            super(insn, offset, length, rd, rs1, rs2);
        }

        @Override
        public void execute(VirtualFrame frame) {
            long a = x(frame, rs1);
            long b = x(frame, rs2);
            setX(frame, rd, (int) b == 0 ? (int) a : Integer.remainderUnsigned((int) a, (int) b));
        }
    }
}
