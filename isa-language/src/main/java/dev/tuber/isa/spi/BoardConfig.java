package dev.tuber.isa.spi;

import java.util.List;

/**
 * Everything the command line (or a polyglot embedder, through {@code riscv64.*} options) says
 * about the machine, in QEMU's vocabulary. Strings are passed through unparsed where QEMU's
 * syntax belongs to the machine layer ({@code -M virt,dumpdtb=F}, {@code -device ...}).
 *
 * @param machine the {@code -M} argument, e.g. {@code virt} or {@code virt,dumpdtb=out.dtb}
 * @param memory the {@code -m} argument, e.g. {@code 256M}; empty for the board's default
 * @param smp the {@code -smp} argument; empty for one hart
 * @param bios {@code -bios}: {@code default}, {@code none} or a file; empty for the board default
 * @param kernel {@code -kernel} file or empty
 * @param initrd {@code -initrd} file or empty
 * @param append {@code -append} kernel command line or empty
 * @param dtb {@code -dtb} file or empty
 * @param devices {@code -device} arguments in command-line order
 * @param drives {@code -drive} arguments
 * @param blockdevs {@code -blockdev} arguments
 * @param chardevs {@code -chardev} arguments
 * @param netdevs {@code -netdev} arguments
 * @param serial {@code -serial} arguments (empty: {@code stdio} under {@code -nographic})
 * @param noReboot {@code -no-reboot}: a guest reset request ends the run
 * @param program a guest program evaluated through the polyglot API (ELF or raw binary), or null
 * @param programName its name for messages
 * @param workingDirectory where relative file names resolve
 */
public record BoardConfig(
        String machine,
        String memory,
        String smp,
        String bios,
        String kernel,
        String initrd,
        String append,
        String dtb,
        List<String> devices,
        List<String> drives,
        List<String> blockdevs,
        List<String> chardevs,
        List<String> netdevs,
        List<String> serial,
        boolean noReboot,
        byte[] program,
        String programName,
        java.nio.file.Path workingDirectory) {

    /** The board name: the {@code -M} argument up to its first comma. */
    public String machineName() {
        int comma = machine.indexOf(',');
        return comma < 0 ? machine : machine.substring(0, comma);
    }
}
