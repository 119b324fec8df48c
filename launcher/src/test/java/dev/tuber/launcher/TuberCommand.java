package dev.tuber.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ./tuber} command (the packaged launcher) as a user would, for the integration tests. */
final class TuberCommand {
    /** The repository root (tests run in launcher/). */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Result(int status, String out, String err) {
        String describe() {
            return "exit status " + status + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    private TuberCommand() {
    }

    static Result run(byte[] stdin, long timeoutSeconds, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("tuber").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().put("TUBER_NO_BUILD", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = pump(p.getInputStream(), out);
        Thread e = pump(p.getErrorStream(), err);
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException ignored) {
            // the guest may finish without reading its input
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            o.join();
            e.join();
            throw new AssertionError("tuber " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s\n--- stdout ---\n"
                            + out.toString(StandardCharsets.UTF_8) + "\n--- stderr ---\n" + err.toString(StandardCharsets.UTF_8));
        }
        o.join();
        e.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        return run(new byte[0], timeoutSeconds, Map.of(), args);
    }

    private static Thread pump(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException ignored) {
                // process gone
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A bare-metal guest program built by guests/baremetal (make -C guests/baremetal). */
    static Path guest(String name) {
        Path elf = ROOT.resolve("guests/baremetal/build/" + name + ".elf");
        if (!Files.isRegularFile(elf)) {
            throw new AssertionError(elf + " is missing: build the guest programs with 'make -C guests/baremetal' (build/test does)");
        }
        return elf;
    }
}
