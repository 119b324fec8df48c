package dev.tuber.machine.board;

import dev.tuber.isa.spi.BoardException;
import dev.tuber.machine.options.QemuOpts;
import dev.tuber.machine.options.Sizes;

/** The {@code -m} and {@code -smp} options, in QEMU's syntax and with its checks. */
public final class MachineOptions {
    private MachineOptions() {
    }

    /** QEMU rounds RAM sizes up to this. */
    public static final long RAM_ALIGNMENT = 8192;

    /**
     * {@code -m [size=]N[K|M|G|T]} (a plain number counts MiB).
     *
     * @return the RAM size in bytes, {@code defaultSize} for an empty argument
     */
    public static long memory(String text, long defaultSize) {
        if (text == null || text.isEmpty()) {
            return defaultSize;
        }
        QemuOpts o = QemuOpts.parse("-m", text, "size");
        long size = o.getSize("size", defaultSize, Sizes.MiB);
        if (o.has("slots") || o.has("maxmem")) {
            o.get("slots");
            o.get("maxmem");
            throw o.error("memory hotplug (slots, maxmem) is not supported");
        }
        o.checkAllUsed();
        if (size <= 0) {
            throw o.error("RAM size must be greater than zero");
        }
        long aligned = (size + RAM_ALIGNMENT - 1) & -RAM_ALIGNMENT;
        if (aligned < size) {
            throw o.error("RAM size is too large");
        }
        return aligned;
    }

    /**
     * {@code -smp [cpus=]N[,maxcpus=M][,sockets=S][,dies=D][,clusters=C][,cores=C][,threads=T]}.
     *
     * @return the number of harts (1 for an empty argument)
     */
    public static int smp(String text, int maxCpus, String boardName) {
        if (text == null || text.isEmpty()) {
            return 1;
        }
        QemuOpts o = QemuOpts.parse("-smp", text, "cpus");
        long limit = 1 << 20;
        long cpus = o.has("cpus") ? o.getUnsigned("cpus", 0, limit) : -1;
        long sockets = o.getUnsigned("sockets", 0, limit);
        long dies = o.getUnsigned("dies", 0, limit);
        long clusters = o.getUnsigned("clusters", 0, limit);
        long cores = o.getUnsigned("cores", 0, limit);
        long threads = o.getUnsigned("threads", 0, limit);
        long maxcpus = o.getUnsigned("maxcpus", 0, limit);
        o.checkAllUsed();
        if (cpus == 0 || (o.has("sockets") && sockets == 0) || (o.has("cores") && cores == 0) || (o.has("threads") && threads == 0)
                        || (o.has("dies") && dies == 0) || (o.has("clusters") && clusters == 0)) {
            throw o.error("CPU topology parameters must be greater than zero");
        }
        boolean topology = sockets != 0 || dies != 0 || clusters != 0 || cores != 0 || threads != 0;
        long product = Math.max(sockets, 1) * Math.max(dies, 1) * Math.max(clusters, 1) * Math.max(cores, 1) * Math.max(threads, 1);
        boolean cpusGiven = cpus >= 0;
        if (!cpusGiven) {
            cpus = maxcpus != 0 && !topology ? maxcpus : product;
        }
        if (maxcpus == 0) {
            // as QEMU: maxcpus defaults to cpus when given, else to the topology's product
            maxcpus = cpusGiven || !topology ? cpus : product;
        }
        if (topology && product != maxcpus) {
            throw o.error("Invalid CPU topology: product of the hierarchy must match maxcpus: sockets (" + Math.max(sockets, 1)
                            + ") * dies (" + Math.max(dies, 1) + ") * clusters (" + Math.max(clusters, 1) + ") * cores ("
                            + Math.max(cores, 1) + ") * threads (" + Math.max(threads, 1) + ") != maxcpus (" + maxcpus + ")");
        }
        if (maxcpus < cpus) {
            throw o.error("maxcpus must be equal to or greater than smp");
        }
        if (cpus > maxCpus) {
            throw new BoardException("Invalid SMP CPUs " + cpus + ". The max CPUs supported by machine '" + boardName + "' is " + maxCpus);
        }
        return (int) cpus;
    }
}
