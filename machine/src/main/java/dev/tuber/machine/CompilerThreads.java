package dev.tuber.machine;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs Truffle's compiler threads at a lower OS priority than the harts (Linux).
 *
 * <p>Graal compiles guest code on Truffle's compiler thread, as Java code that HotSpot's C1 in
 * turn compiles; together they want more than a core for the first seconds of a run. On a machine
 * with few cores they then take CPU time from the hart threads, which is the wrong trade whenever
 * the guest runs code that is not hot enough to pay for its compilation, as most of a Linux boot
 * is: the hart waited for a CPU for half a second of a 1.6 s boot on 2 cores. At nice {@value
 * #DEFAULT_NICE} the compiler still gets what the harts leave: the Linux boot is ~20% faster than
 * at nice 0. But where compiled code does pay off soon, the lower priority delays it: bench.elf,
 * a CPU-bound bare-metal benchmark whose big loop Graal compiles in its first seconds, is ~4.5%
 * slower at nice 5 (A/B, 2 cores). A process cannot raise the priority back without privilege,
 * so the choice is made once, by a proxy for the kind of guest: the watcher starts with the
 * machine's timer thread, which exists once a device schedules a timer (an operating system
 * programs the CLINT's timer while it boots; a compute loop usually never does). Truffle creates
 * its compiler threads lazily and may retire idle ones, so the timer thread looks for new ones
 * periodically ({@code /proc/self/task}).
 *
 * <p>Best effort: elsewhere than Linux, without native access for this module, or with {@code
 * -Dtuber.compilerNice=0}, nothing happens. Raising a nice value needs no privilege.
 */
final class CompilerThreads {
    private CompilerThreads() {
    }

    static final int DEFAULT_NICE = 5;
    private static final long PERIOD_MS = 100;
    private static final int PRIO_PROCESS = 0;
    private static final Path TASKS = Path.of("/proc/self/task");
    /**
     * setpriority(2), linked on the timer thread when first used: linking a downcall generates
     * classes (a few milliseconds), which the thread that builds the machine need not wait for.
     */
    private static final class Libc {
        static final MethodHandle SETPRIORITY = LinuxLibc.downcall("setpriority",
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    }

    /** Starts watching for compiler threads on {@code timers} (the machine's timer thread). */
    static void watch(ScheduledExecutorService timers) {
        int nice = Integer.getInteger("tuber.compilerNice", DEFAULT_NICE);
        if (nice <= 0 || !Files.isDirectory(TASKS)) {
            return;
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        timers.scheduleWithFixedDelay(() -> scan(seen, nice), 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** Lowers the priority of the compiler threads not seen before. */
    private static void scan(Set<String> seen, int nice) {
        if (Libc.SETPRIORITY == null) {
            throw new UnsupportedOperationException("setpriority is not available"); // ends the periodic task
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                if (seen.contains(tid)) {
                    continue;
                }
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).trim();
                } catch (IOException e) {
                    continue; // the thread has just ended
                }
                seen.add(tid);
                if (name.startsWith("TruffleCompiler")) {
                    setNice(Integer.parseInt(tid), nice);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: leave the priorities as they are
        }
    }

    private static void setNice(int tid, int nice) {
        try {
            int status = (int) Libc.SETPRIORITY.invokeExact(PRIO_PROCESS, tid, nice);
            assert status == 0 || status == -1;
        } catch (Throwable e) {
            // best effort
        }
    }
}
