package dev.tuber.isa.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.TruffleLanguage.Env;

import dev.tuber.isa.RiscvLanguage;
import dev.tuber.isa.hart.Hart;
import dev.tuber.isa.spi.Board;
import dev.tuber.isa.spi.BoardConfig;
import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.BoardProvider;
import dev.tuber.isa.spi.HartReset;
import dev.tuber.isa.spi.MachineHost;
import dev.tuber.isa.spi.PhysicalBus;

/**
 * The running machine as the language sees it: the board the machine layer built, the harts,
 * the code cache, and the run's outcome. It is also the {@link MachineHost} the board talks back
 * to.
 */
public final class RiscvMachine implements MachineHost {
    private final RiscvLanguage language;
    private final Env env;
    private Board board;
    private PhysicalBus bus;
    private Hart[] harts = new Hart[0];
    private final CodeCache codeCache;

    private volatile boolean stopping;
    private volatile boolean resetRequested;
    private volatile int exitStatus;
    private volatile Throwable failure;

    public RiscvMachine(RiscvLanguage language, Env env) {
        this.language = language;
        this.env = env;
        this.codeCache = new CodeCache(language, this);
    }

    /**
     * How long after the harts start (or restart) the interpreter keeps guest code's hotness from
     * Truffle, so that nothing is compiled, when the machine boots firmware: {@value
     * #BOOT_COMPILE_HOLD_MS} ms, or {@code -Dtuber.bootCompileHoldMs}.
     *
     * <p>Graal runs as Java code here (no libgraal). Its first compilations cost ~1.3 s of CPU
     * between Truffle's compiler thread and HotSpot's C1, which compiles Graal, and an operating
     * system's boot is over before they pay off: in a Linux boot on 2 cores, ~35 regions were
     * queued, 2 compiled, and the hart waited for a CPU meanwhile. Held, the boot is ~10% faster.
     * Code that stays hot past the hold is compiled as before. A machine without firmware
     * ({@code -bios none}: a bare-metal program, or a program evaluated through the polyglot API)
     * is not held: a compute loop there wants Graal at once.
     */
    static final long BOOT_COMPILE_HOLD_MS = 1500;
    /** {@link System#nanoTime()} until which compilation is held, or 0. */
    private volatile long compileHoldUntil;
    private boolean firmware;

    /** Whether guest code's hotness is kept from Truffle now (see {@link #BOOT_COMPILE_HOLD_MS}). */
    public boolean compilationHeld() {
        long until = compileHoldUntil;
        if (until == 0) {
            return false;
        }
        if (System.nanoTime() - until < 0) {
            return true;
        }
        compileHoldUntil = 0;
        return false;
    }

    /** Builds the board named in the configuration through the machine layer's providers. */
    public void build(BoardConfig config) {
        firmware = !"none".equals(config.bios()); // "" is the board's default firmware
        List<BoardProvider> providers = new ArrayList<>(dev.tuber.isa.spi.Boards.registered());
        ServiceLoader.load(BoardProvider.class, RiscvMachine.class.getClassLoader()).forEach(providers::add);
        if (providers.isEmpty()) {
            throw new BoardException("no machine layer is installed (tuber-machine is missing from the module path)");
        }
        Board created = null;
        for (BoardProvider provider : providers) {
            created = provider.create(config, this);
            if (created != null) {
                break;
            }
        }
        if (created == null) {
            List<String> names = new ArrayList<>();
            providers.forEach(p -> names.addAll(p.boards().keySet()));
            java.util.Collections.sort(names);
            throw new BoardException("unsupported machine type '" + config.machineName() + "' (use -M help; known: "
                            + String.join(", ", names) + ")");
        }
        this.board = created;
        this.bus = created.bus();
        int n = created.hartCount();
        Hart[] made = new Hart[n];
        for (int i = 0; i < n; i++) {
            made[i] = new Hart(i, this);
        }
        this.harts = made;
        created.connect(made);
    }

    public Board board() {
        return board;
    }

    public PhysicalBus bus() {
        return bus;
    }

    public Hart[] harts() {
        return harts;
    }

    public CodeCache codeCache() {
        return codeCache;
    }

    public boolean isStopping() {
        return stopping;
    }

    /**
     * Runs every hart until the machine stops; hart 0 on the calling thread, the others on Truffle
     * threads of the context.
     *
     * @param hartRoot the call target that runs one hart's dispatcher (argument: the hart)
     * @return the exit status
     */
    public int run(CallTarget hartRoot) {
        long holdMs = Long.getLong("tuber.bootCompileHoldMs", BOOT_COMPILE_HOLD_MS);
        while (true) {
            if (firmware && holdMs > 0) {
                compileHoldUntil = System.nanoTime() + holdMs * 1_000_000L;
            }
            for (Hart hart : harts) {
                HartReset reset = board.resetState(hart.hartId);
                hart.reset(reset.pc(), reset.a0(), reset.a1(), reset.a2());
            }
            List<Thread> threads = new ArrayList<>();
            for (int i = 1; i < harts.length; i++) {
                Hart hart = harts[i];
                Thread t = env.newTruffleThreadBuilder(() -> {
                    try {
                        hartRoot.call(hart);
                    } catch (Throwable e) {
                        fail(e);
                    }
                }).build();
                t.setName("tuber-hart-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            try {
                hartRoot.call(harts[0]);
            } finally {
                stopAll();
                for (Thread t : threads) {
                    joinQuietly(t);
                }
            }
            Throwable failed = failure;
            if (failed != null) {
                failure = null;
                if (failed instanceof RuntimeException re) {
                    throw re;
                }
                if (failed instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(failed);
            }
            if (Boolean.getBoolean("tuber.stats")) {
                printStatistics();
            }
            if (resetRequested) {
                resetRequested = false;
                stopping = false;
                codeCache.clear();
                board.reset();
                continue;
            }
            return exitStatus;
        }
    }

    /** A hart thread died of an internal error: stop the machine and report it from the main hart. */
    private void fail(Throwable e) {
        if (failure == null) {
            failure = e;
        }
        stopAll();
    }

    /** With -Dtuber.stats=true: instructions retired per hart and translated regions, on stderr. */
    private void printStatistics() {
        StringBuilder sb = new StringBuilder("tuber: stats:");
        for (Hart h : harts) {
            sb.append(" hart").append(h.hartId).append(" retired=").append(h.retired).append(" slowLoads=").append(h.slowLoads)
                            .append(" slowStores=").append(h.slowStores);
        }
        sb.append(" regions=").append(codeCache.regionCount()).append('\n');
        try {
            env.err().write(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            env.err().flush();
        } catch (java.io.IOException e) {
            // best effort
        }
    }

    private void stopAll() {
        stopping = true;
        for (Hart hart : harts) {
            hart.poke();
        }
    }

    private static void joinQuietly(Thread t) {
        while (true) {
            try {
                t.join();
                return;
            } catch (InterruptedException e) {
                // keep waiting: the hart thread must be gone before the context can close
            }
        }
    }

    /** Releases the board's resources. */
    public void close() {
        if (board != null) {
            board.close();
        }
    }

    // --- MachineHost ----------------------------------------------------------------------

    @Override
    public InputStream in() {
        return env.in();
    }

    @Override
    public OutputStream out() {
        return env.out();
    }

    @Override
    public OutputStream err() {
        return env.err();
    }

    @Override
    public synchronized void requestExit(int status) {
        if (!stopping) {
            exitStatus = status;
            stopAll();
        }
    }

    @Override
    public synchronized void requestReset() {
        if (!stopping) {
            resetRequested = true;
            stopAll();
        }
    }

    @Override
    public void memoryWritten(long paddr, long length) {
        codeCache.noteWrite(paddr, length);
    }
}
