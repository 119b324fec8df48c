/** The {@code tuber} command: QEMU-style options in, a polyglot context running the riscv64 language. */
module dev.tuber.launcher {
    requires org.graalvm.polyglot;
    requires java.logging;

    exports dev.tuber.launcher;
}
