package dev.tuber.machine.board;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tuber.isa.spi.Board;
import dev.tuber.isa.spi.BoardConfig;
import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.BoardProvider;
import dev.tuber.isa.spi.MachineHost;
import dev.tuber.machine.chardev.Chardevs;
import dev.tuber.machine.options.QemuOpts;
import dev.tuber.machine.qdev.DeviceManager;

/**
 * The machine layer's {@link BoardProvider}: builds {@code virt} and {@code spike}, and answers the
 * help requests QEMU answers from the same options ({@code -M help}, {@code -M virt,help}, {@code
 * -device help}, {@code -device TYPE,help}, {@code -chardev help}) by printing the help and
 * ending the run with status 0. {@code -M NAME,dumpdtb=FILE} writes the device tree and ends.
 */
public final class TuberBoardProvider implements BoardProvider {
    /** The boards, in {@code -M help} order. */
    public static final List<BoardType> TYPES = List.of(SpikeBoard.TYPE, VirtBoard.TYPE);
    /** The board the language uses when none is named. */
    public static final String DEFAULT_BOARD = "virt";

    /** For the service loader. */
    public TuberBoardProvider() {
    }

    @Override
    public Map<String, String> boards() {
        Map<String, String> out = new LinkedHashMap<>();
        for (BoardType t : TYPES) {
            out.put(t.name(), t.description());
        }
        return out;
    }

    /** The board type called {@code name}, or null. */
    public static BoardType find(String name) {
        for (BoardType t : TYPES) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** QEMU's {@code -M help} listing. */
    public static String machineHelp() {
        StringBuilder sb = new StringBuilder("Supported machines are:\n");
        for (BoardType t : TYPES) {
            sb.append(String.format("%-20s %s%s%n", t.name(), t.description(), t.name().equals(DEFAULT_BOARD) ? " (default)" : ""));
        }
        return sb.toString();
    }

    /**
     * The help text {@code config} asks for, or null if it asks for none. Public so that a launcher
     * can answer help requests without building a machine.
     */
    public static String helpRequested(BoardConfig config) {
        String name = config.machineName();
        if (name.equals("help") || name.equals("?")) {
            return machineHelp();
        }
        QemuOpts m = QemuOpts.parse("-machine", config.machine(), "type");
        if (m.helpRequested()) {
            BoardType t = find(name);
            return t == null ? machineHelp() : t.help();
        }
        for (String d : config.devices()) {
            String help = DeviceManager.help(d);
            if (help != null) {
                return help;
            }
        }
        for (String c : config.chardevs()) {
            if (QemuOpts.parse("-chardev", c, "backend").helpRequested() || c.equals("help")) {
                return Chardevs.help();
            }
        }
        return null;
    }

    @Override
    public Board create(BoardConfig config, MachineHost host) {
        String help = helpRequested(config);
        if (help != null) {
            return ExitBoard.printing(host, help);
        }
        String name = config.machineName().isEmpty() ? DEFAULT_BOARD : config.machineName();
        BoardType type = find(name);
        if (type == null) {
            return null;
        }
        RiscvBoard board = type.factory().apply(config, host).build();
        String dump = board.dumpDtbPath();
        if (dump != null) {
            try {
                Files.write(board.machine().resolve(dump), board.dtb());
            } catch (IOException e) {
                board.close();
                throw new BoardException("-machine dumpdtb=" + dump + ": could not write the device tree: " + e.getMessage());
            }
            board.close();
            return ExitBoard.informing(host, "info: dtb dumped to " + dump + ". Exiting.\n");
        }
        return board;
    }
}
