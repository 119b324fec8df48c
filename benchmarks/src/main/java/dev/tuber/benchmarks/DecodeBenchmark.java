package dev.tuber.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.tuber.isa.decode.Decoder;
import dev.tuber.isa.nodes.BlockNode;
import dev.tuber.isa.spi.ElfImage;

/**
 * Decoding: how long turning a page of real guest code (the text of the CoreMark-class benchmark)
 * into blocks of nodes takes. Cold code pays this once per region; Linux boots pay it for
 * thousands of pages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(0)
public class DecodeBenchmark {
    private long host;
    private int size;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path elf = Path.of(System.getProperty("tuber.root", "."), "guests/baremetal/build/bench.elf");
        ElfImage image = ElfImage.parse(elf.toString(), Files.readAllBytes(elf));
        byte[] text = image.segmentBytes(image.segments().get(0));
        size = Math.min(text.length, 4096);
        host = HostUnsafe.UNSAFE.allocateMemory(8192);
        HostUnsafe.UNSAFE.setMemory(host, 8192, (byte) 0);
        for (int i = 0; i < size; i++) {
            HostUnsafe.UNSAFE.putByte(host + i, text[i]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        HostUnsafe.UNSAFE.freeMemory(host);
    }

    /** Decodes the page block by block, the way a region's eager decoding walks it. */
    @Benchmark
    public void decodePage(Blackhole bh) {
        Decoder decoder = new Decoder(host, 0);
        int offset = 0;
        while (offset < size - 4) {
            BlockNode block = decoder.decodeBlock(offset, false);
            bh.consume(block);
            offset = Math.max(block.end, offset + 2);
        }
    }
}
