package dev.tuber.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import dev.tuber.machine.testing.FakeHost;
import dev.tuber.machine.time.MachineClock;

/** A machine whose devices use timers lowers the OS priority of Truffle's compiler threads, and of no other thread (Linux). */
class CompilerThreadsTest {

    private static final Path TASKS = Path.of("/proc/self/task");

    @Test
    void theTimerThreadRenicesCompilerThreadsOnly() throws Exception {
        assumeTrue(Files.isDirectory(TASKS), "needs Linux's /proc");
        CountDownLatch done = new CountDownLatch(1);
        Thread compiler = parked("TruffleCompilerThread-test", done);
        Thread other = parked("tuber-test-other", done);
        try (Machine machine = new Machine(new FakeHost(), null, MachineClock.DEFAULT_FREQUENCY, "none")) {
            String compilerTid = waitForTask("TruffleCompiler");
            String otherTid = waitForTask("tuber-test-othe");
            assumeTrue(nice(compilerTid) == 0, "the test JVM already runs at a raised nice value");
            machine.scheduler(); // a device's first timer starts the machine's timer thread
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (nice(compilerTid) != CompilerThreads.DEFAULT_NICE && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(CompilerThreads.DEFAULT_NICE, nice(compilerTid), "Truffle's compiler thread");
            assertEquals(0, nice(otherTid), "a thread with another name");
        } finally {
            done.countDown();
            compiler.join();
            other.join();
        }
    }

    private static Thread parked(String name, CountDownLatch done) {
        Thread t = new Thread(() -> {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The OS thread id of the (started) thread whose name begins with {@code comm} (15 characters at most). */
    private static String waitForTask(String comm) throws IOException, InterruptedException {
        for (int i = 0; i < 250; i++) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
                for (Path task : tasks) {
                    try {
                        if (Files.readString(task.resolve("comm")).trim().equals(comm)) {
                            return task.getFileName().toString();
                        }
                    } catch (IOException e) {
                        // the thread has just ended
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no thread named " + comm);
    }

    /** Field 19 of /proc/self/task/TID/stat; the name in parentheses may hold spaces. */
    private static int nice(String tid) throws IOException {
        String stat = Files.readString(TASKS.resolve(tid).resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }
}
