package dev.tuber.machine.loader;

import java.util.Optional;

/**
 * The header of a RISC-V Linux {@code Image} (Documentation/riscv/boot-image-header.rst): 64
 * bytes at the start of the file, little-endian:
 *
 * <pre>
 *  0  u32 code0, u32 code1   executable code (a jump over the header)
 *  8  u64 text_offset        image load offset from the start of RAM
 * 16  u64 image_size         effective image size (including bss), 0 in old kernels
 * 24  u64 flags
 * 32  u32 version, u32 res1
 * 40  u64 res2
 * 48  u64 magic  "RISCV\0\0\0" (deprecated)
 * 56  u32 magic2 "RSC\x05"
 * 60  u32 res3   (PE/COFF header offset)
 * </pre>
 *
 * @param textOffset where the image wants to sit relative to the start of RAM
 * @param imageSize how much memory it occupies once running (0 if unknown)
 */
public record LinuxImage(long textOffset, long imageSize, long flags, int version) {
    public static final int HEADER_SIZE = 64;
    /** {@code "RISCV\0\0\0"} read as a little-endian u64. */
    public static final long MAGIC = 0x5643534952L;
    /** {@code "RSC\x05"} read as a little-endian u32. */
    public static final int MAGIC2 = 0x05435352;

    /** The header of {@code data}, or empty if it is not a RISC-V Linux Image. */
    public static Optional<LinuxImage> parse(byte[] data) {
        if (data.length < HEADER_SIZE) {
            return Optional.empty();
        }
        boolean magic = LittleEndian.getU64(data, 48) == MAGIC;
        boolean magic2 = LittleEndian.getU32(data, 56) == MAGIC2;
        if (!magic && !magic2) {
            return Optional.empty();
        }
        return Optional.of(new LinuxImage(LittleEndian.getU64(data, 8), LittleEndian.getU64(data, 16),
                        LittleEndian.getU64(data, 24), LittleEndian.getU32(data, 32)));
    }

    /** Memory the image occupies: {@code image_size}, or the file size when the header has none. */
    public long memorySize(long fileSize) {
        return imageSize != 0 ? Math.max(imageSize, fileSize) : fileSize;
    }
}
