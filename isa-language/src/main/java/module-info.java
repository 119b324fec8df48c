/**
 * The {@code riscv64} Truffle language: decoder, instruction nodes, blocks and regions, harts,
 * CSRs, traps, MMU and the guest-memory contract. The machine layer sees only {@link
 * dev.tuber.isa.spi}.
 */
module dev.tuber.isa {
    requires org.graalvm.truffle;
    requires org.graalvm.polyglot;
    requires jdk.unsupported;

    exports dev.tuber.isa.spi;

    uses dev.tuber.isa.spi.BoardProvider;

    provides com.oracle.truffle.api.provider.TruffleLanguageProvider
            with dev.tuber.isa.RiscvLanguageProvider;
}
