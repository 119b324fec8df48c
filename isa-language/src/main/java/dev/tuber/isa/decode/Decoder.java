package dev.tuber.isa.decode;

import java.util.ArrayList;
import java.util.List;

import dev.tuber.isa.nodes.BlockNode;
import dev.tuber.isa.nodes.InstrNode;
import dev.tuber.isa.nodes.Rv64iControlNodes.BranchNode;
import dev.tuber.isa.nodes.Rv64iControlNodes.FallThroughNode;
import dev.tuber.isa.nodes.Rv64iControlNodes.SkipNode;
import dev.tuber.isa.nodes.SystemNodes.ExitAfterNode;
import dev.tuber.isa.nodes.SystemNodes.IllegalNode;
import dev.tuber.isa.nodes.ZicsrNodes.CsrNode;
import dev.tuber.isa.nodes.TermNode;
import dev.tuber.isa.runtime.HostMemory;

/**
 * Decodes guest code of one physical page into blocks. Instruction bytes are read from host
 * memory at decode time only; the nodes keep everything they need as constants.
 *
 * <p>A block runs from its start to the first control transfer or system instruction, or to the
 * page end. A 32-bit instruction whose second half lies in the next page is not decoded here: the
 * block stops before it (see {@link #CROSS_PAGE_OFFSET}) and the dispatcher runs it from a region
 * made for exactly that pair of pages.
 */
public final class Decoder {
    /** Longest straight run of instructions in one block; a longer run is split. */
    public static final int MAX_BLOCK = 256;
    /** The only offset at which an instruction can straddle two pages. */
    public static final int CROSS_PAGE_OFFSET = 4094;

    private final long hostPage;
    private final long nextHostPage;

    /**
     * @param hostPage host address of the page's first byte
     * @param nextHostPage host address of the following physical page holding the second half of an
     *     instruction at {@link #CROSS_PAGE_OFFSET}, or 0 when this decoder serves a plain page
     */
    public Decoder(long hostPage, long nextHostPage) {
        this.hostPage = hostPage;
        this.nextHostPage = nextHostPage;
    }

    private int half(int offset) {
        if (offset >= 4096) {
            return HostMemory.UNSAFE.getShort(nextHostPage + offset - 4096) & 0xFFFF;
        }
        return HostMemory.UNSAFE.getShort(hostPage + offset) & 0xFFFF;
    }

    /** Whether the instruction at {@code offset} is a 32-bit one that continues in the next page. */
    public boolean straddles(int offset) {
        return offset == CROSS_PAGE_OFFSET && (half(offset) & 3) == 3;
    }

    /** Decodes one instruction (expanding compressed ones). */
    public InstrNode decodeOne(int offset) {
        int low = half(offset);
        if ((low & 3) != 3) {
            int expanded = Rvc.expand(low);
            if (expanded == Rvc.ILLEGAL) {
                return new IllegalNode(low, offset, 2);
            }
            return build(expanded, low, offset, 2);
        }
        int bits = low | (half(offset + 2) << 16);
        return build(bits, bits, offset, 4);
    }

    private static InstrNode build(int bits, int original, int offset, int length) {
        InstructionTable.Entry entry = InstructionTable.lookup(bits);
        if (entry == null) {
            return new IllegalNode(original, offset, length);
        }
        return entry.factory().create(bits, original, offset, length);
    }

    /**
     * Decodes the block starting at {@code start}.
     *
     * @param crossPageRegion whether this decoder may decode the straddling instruction (only
     *     regions made for a page pair do)
     */
    public BlockNode decodeBlock(int start, boolean crossPageRegion) {
        List<InstrNode> body = new ArrayList<>();
        int offset = start;
        TermNode term;
        while (true) {
            if (offset >= 4096) {
                term = new FallThroughNode(offset);
                break;
            }
            if (!crossPageRegion && straddles(offset)) {
                term = new FallThroughNode(offset);
                break;
            }
            if (body.size() >= MAX_BLOCK) {
                term = new FallThroughNode(offset);
                break;
            }
            InstrNode node = decodeOne(offset);
            if (node instanceof TermNode t) {
                SkipNode skip = SkipNode.candidate(t) ? skipOver((BranchNode) t, crossPageRegion) : null;
                if (skip == null) {
                    term = t;
                    break;
                }
                node = skip;
            }
            body.add(node);
            offset = node instanceof SkipNode skipNode ? skipNode.end : offset + node.length;
            if (node instanceof CsrNode csr && csr.endsRegion()) {
                term = new ExitAfterNode(offset);
                break;
            }
        }
        return new BlockNode(start, body.toArray(new InstrNode[0]), term);
    }

    /**
     * The branch and the instructions it jumps over, as one {@link SkipNode}: if they are at most
     * {@link SkipNode#MAX_SKIPPED} {@linkplain InstrNode#pure pure} instructions that end exactly
     * at the target; else null (the branch ends its block).
     */
    private SkipNode skipOver(BranchNode branch, boolean crossPageRegion) {
        int end = (int) branch.targetOffset;
        List<InstrNode> skipped = new ArrayList<>();
        int offset = (int) branch.fallOffset;
        while (offset < end) {
            if (skipped.size() == SkipNode.MAX_SKIPPED || (!crossPageRegion && straddles(offset))) {
                return null;
            }
            InstrNode node = decodeOne(offset);
            if (!node.pure()) {
                return null;
            }
            skipped.add(node);
            offset += node.length;
        }
        return offset == end ? new SkipNode(branch, skipped.toArray(new InstrNode[0]), end) : null;
    }
}
