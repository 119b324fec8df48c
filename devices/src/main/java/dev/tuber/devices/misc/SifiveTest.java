package dev.tuber.devices.misc;

import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.memory.MmioHandler;
import dev.tuber.machine.memory.MmioRegion;
import dev.tuber.machine.qdev.BusType;
import dev.tuber.machine.qdev.DeviceCategory;
import dev.tuber.machine.qdev.DeviceType;
import dev.tuber.machine.qdev.SysBusDevice;

/**
 * The SiFive test finisher (QEMU's {@code riscv.sifive.test}): a register at offset 0 that ends
 * the run. The low 16 bits of a write say what to do, the high 16 bits carry a status:
 *
 * <ul>
 * <li>{@code 0x5555} (pass): exit with status 0;
 * <li>{@code 0x3333} (fail): exit with status {@code value >> 16};
 * <li>{@code 0x7777} (reset): system reset (with {@code -no-reboot}, exit with status 0).
 * </ul>
 *
 * Other values are ignored; reads return 0. Accesses are 16 or 32 bits wide. Linux uses it
 * through the {@code syscon-poweroff} and {@code syscon-reboot} nodes the device adds.
 */
public final class SifiveTest extends SysBusDevice {
    public static final int FINISHER_FAIL = 0x3333;
    public static final int FINISHER_PASS = 0x5555;
    public static final int FINISHER_RESET = 0x7777;

    public static final DeviceType<SifiveTest> TYPE = DeviceType.builder("riscv.sifive.test", SifiveTest::new)
                    .description("SiFive test finisher: power off, reset, exit status")
                    .category(DeviceCategory.MISC)
                    .bus(BusType.SYSTEM)
                    // The board maps it at its fixed address; it has nothing a user could configure.
                    .notUserCreatable("the board maps it at a fixed address")
                    .build();

    private SifiveTest(DeviceType<SifiveTest> type) {
        super(type);
        initMmio(new MmioRegion("riscv.sifive.test", 0x1000, new MmioHandler() {
            @Override
            public long read(long offset, int size) {
                return 0;
            }

            @Override
            public void write(long offset, int size, long value) {
                if (offset == 0) {
                    command((int) value);
                }
            }
        }, 2 | 4));
    }

    private void command(int value) {
        int status = value & 0xFFFF;
        int code = (value >>> 16) & 0xFFFF;
        switch (status) {
            case FINISHER_FAIL -> machine().requestExit(code);
            case FINISHER_PASS -> machine().requestExit(0);
            case FINISHER_RESET -> machine().requestReset();
            default -> {
                // QEMU ignores other values too
            }
        }
    }

    @Override
    protected void buildFdt(FdtContext ctx) {
        long base = mmioAddress(0);
        if (base < 0) {
            return;
        }
        FdtNode node = ctx.addNode(this, ctx.soc(), FdtContext.unitName("test", base));
        int phandle = ctx.assignPhandle(this, node);
        node.setReg(base, mmio(0).size());
        node.setStrings("compatible", "sifive,test1", "sifive,test0", "syscon");
        FdtNode root = ctx.fdt().root();
        root.addChild("poweroff").setCells("value", FINISHER_PASS).setCells("offset", 0).setCells("regmap", phandle)
                        .setString("compatible", "syscon-poweroff");
        root.addChild("reboot").setCells("value", FINISHER_RESET).setCells("offset", 0).setCells("regmap", phandle)
                        .setString("compatible", "syscon-reboot");
    }
}
