package dev.tuber.machine.board;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tuber.isa.spi.Board;
import dev.tuber.isa.spi.BoardConfig;
import dev.tuber.isa.spi.BoardException;
import dev.tuber.isa.spi.ElfImage;
import dev.tuber.isa.spi.HartPort;
import dev.tuber.isa.spi.HartReset;
import dev.tuber.isa.spi.MachineHost;
import dev.tuber.isa.spi.PhysicalBus;
import dev.tuber.machine.Machine;
import dev.tuber.machine.block.Drive;
import dev.tuber.machine.chardev.Chardev;
import dev.tuber.machine.fdt.Fdt;
import dev.tuber.machine.fdt.FdtContext;
import dev.tuber.machine.fdt.FdtNode;
import dev.tuber.machine.irq.HartInterrupts;
import dev.tuber.machine.loader.ElfLoader;
import dev.tuber.machine.loader.FwDynamicInfo;
import dev.tuber.machine.loader.ImageFiles;
import dev.tuber.machine.loader.LinuxImage;
import dev.tuber.machine.loader.LoadedImage;
import dev.tuber.machine.loader.ResetVector;
import dev.tuber.machine.loader.RomSet;
import dev.tuber.machine.memory.MemoryBlock;
import dev.tuber.machine.options.QemuOpts;
import dev.tuber.machine.options.Sizes;
import dev.tuber.machine.qdev.PropertyContext;
import dev.tuber.machine.qdev.PropertySet;
import dev.tuber.machine.qdev.SysBusDevice;
import dev.tuber.machine.time.MachineClock;

/**
 * What virt and spike share, in QEMU's boot flow ({@code hw/riscv/boot.c}):
 *
 * <ol>
 * <li>back ends from {@code -chardev}, {@code -serial}, {@code -drive}, {@code -blockdev};
 * <li>RAM at the board's DRAM base and the boot ROM ({@code mrom});
 * <li>images: firmware ({@code -bios default} is OpenSBI's {@code fw_dynamic}, {@code -bios FILE},
 * {@code -bios none}) at the start of RAM, ELF or raw; the kernel ({@code -kernel}, or the program
 * evaluated through the polyglot API) as ELF at its physical addresses, or raw / Linux {@code
 * Image} at the first 2 MiB boundary after the firmware; the initrd {@code min(RAM/2, 128 MiB)}
 * after the kernel;
 * <li>the board's own devices ({@link #createDevices}), then {@code -device} devices;
 * <li>the device tree (generated, or {@code -dtb FILE}), with {@code /chosen} bootargs and initrd,
 * 2 MiB-aligned below the end of RAM (or below 3 GiB);
 * <li>the reset vector in {@code mrom}: every hart starts there with {@code a0} = hart id, {@code
 * a1} = device tree, {@code a2} = fw_dynamic info, and jumps to the firmware entry (or, without
 * firmware, the kernel entry).
 * </ol>
 *
 * A board is built in two steps: the constructor parses options (and cannot leak resources), then
 * {@link #build()} assembles the machine, releasing everything if a step fails.
 */
public abstract class RiscvBoard implements Board {
    /** The ISA the hart implements ({@code misa} of the isa-language), for {@code riscv,isa}. */
    public static final String ISA_STRING = "rv64imafdc_zicsr_zifencei";
    /** The widest translation mode the hart implements. */
    public static final String MMU_TYPE = "riscv,sv48";
    /** Raw kernels start at the first boundary of this size after the firmware (rv64). */
    public static final long KERNEL_ALIGNMENT = 2 * Sizes.MiB;
    /** The device tree is placed at a boundary of this size. */
    public static final long FDT_ALIGNMENT = 2 * Sizes.MiB;
    /** System property naming the {@code -bios default} firmware file, to override the search. */
    public static final String DEFAULT_FIRMWARE_PROPERTY = "tuber.bios.default";
    /** Where {@code -bios default} looks for OpenSBI's generic fw_dynamic firmware. */
    public static final List<String> DEFAULT_FIRMWARE_PATHS = List.of(
                    "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin",
                    "/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin",
                    "/usr/local/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin");

    protected final BoardType type;
    protected final BoardConfig config;
    protected final MachineHost host;
    protected final PropertySet properties;
    protected final int hartCount;
    protected final long ramBase;
    protected final long ramSize;
    protected final MemMapEntry mromEntry;
    protected final Machine machine;
    protected final HartInterrupts[] hartInterrupts;
    protected final RomSet roms;
    protected MemoryBlock ram;
    protected MemoryBlock mrom;

    private LoadedImage firmware;
    private LoadedImage kernel;
    private String kernelName;
    private boolean kernelIsElf;
    private long initrdStart = -1;
    private long initrdEnd = -1;
    private long startAddress;
    private long fdtAddress;
    private byte[] dtb;
    private final Map<String, Long> symbols = new LinkedHashMap<>();

    /**
     * Parses the options; throws {@link BoardException} for bad ones. Allocates nothing that
     * would need closing except the {@link Machine} object itself (which holds no resources yet).
     */
    protected RiscvBoard(BoardType type, BoardConfig config, MachineHost host, MemMapEntry dram, MemMapEntry mrom,
                    long defaultRamSize, int maxCpus, String defaultDriveInterface) {
        this.type = type;
        this.config = config;
        this.host = host;
        this.properties = parseMachineOptions(type, config.machine());
        this.hartCount = MachineOptions.smp(config.smp(), maxCpus, type.name());
        this.ramSize = MachineOptions.memory(config.memory(), defaultRamSize);
        this.ramBase = dram.base();
        this.mromEntry = mrom;
        this.machine = new Machine(host, config.workingDirectory(), MachineClock.DEFAULT_FREQUENCY, defaultDriveInterface);
        this.machine.setNoReboot(config.noReboot());
        this.hartInterrupts = new HartInterrupts[hartCount];
        for (int i = 0; i < hartCount; i++) {
            hartInterrupts[i] = new HartInterrupts(i);
        }
        this.roms = new RomSet(machine.memory(), host);
    }

    private static PropertySet parseMachineOptions(BoardType type, String text) {
        QemuOpts o = QemuOpts.parse("-machine", text, "type");
        o.get("type");
        PropertySet set = new PropertySet(type.propertyOwner(), type.properties());
        for (Map.Entry<String, String> e : o.unused().entrySet()) {
            try {
                set.parse(e.getKey(), e.getValue(), PropertyContext.NONE);
            } catch (BoardException ex) {
                throw o.error(ex.getMessage());
            }
        }
        set.freeze();
        return set;
    }

    /** Assembles the machine (see the class comment). Releases everything if a step fails. */
    public final RiscvBoard build() {
        try {
            createBackends();
            createMemory();
            loadImages();
            createDevices();
            for (String d : config.devices()) {
                machine.devices().addFromOptions(d);
            }
            attachDrives();
            checkDrives();
            placeDeviceTree();
            installResetVector();
            roms.install();
            machine.reset();
            return this;
        } catch (RuntimeException e) {
            machine.close();
            throw e;
        }
    }

    // --- steps -------------------------------------------------------------------------------------

    private void createBackends() {
        for (String c : config.chardevs()) {
            machine.chardevs().addFromOptions(c);
        }
        List<String> serial = config.serial();
        if (serial.isEmpty()) {
            boolean stdioTaken = machine.chardevs().all().stream().anyMatch(c -> c.kind().contains("stdio"));
            serial = List.of(stdioTaken ? "none" : "stdio");
        }
        for (String s : serial) {
            machine.chardevs().addSerial(s);
        }
        for (String d : config.drives()) {
            machine.drives().addDrive(d);
        }
        for (String b : config.blockdevs()) {
            machine.drives().addBlockdev(b);
        }
        if (!config.netdevs().isEmpty()) {
            throw new BoardException("-netdev " + config.netdevs().get(0) + ": network back ends are not supported yet");
        }
    }

    private void createMemory() {
        ram = machine.allocateRam(ramName(), ramSize);
        machine.memory().addMemory(ramBase, ram);
        mrom = machine.allocateRom(mromName(), mromEntry.size());
        machine.memory().addMemory(mromEntry.base(), mrom);
    }

    /** QEMU's name of the RAM region, e.g. {@code riscv_virt_board.ram}. */
    protected abstract String ramName();

    /** QEMU's name of the boot ROM region. */
    protected abstract String mromName();

    private void loadImages() {
        byte[] kernelData = null;
        if (config.program() != null) {
            kernelData = config.program();
            kernelName = config.programName() == null || config.programName().isEmpty() ? "program" : config.programName();
        } else if (!config.kernel().isEmpty()) {
            kernelName = config.kernel();
            kernelData = ImageFiles.read(machine.resolve(kernelName), "kernel", kernelName);
        }
        if (kernelData == null && !config.initrd().isEmpty()) {
            throw new BoardException("-initrd only allowed with -kernel option");
        }
        if (kernelData == null && !config.append().isEmpty()) {
            throw new BoardException("-append only allowed with -kernel option");
        }

        String bios = config.bios().isEmpty() ? "default" : config.bios();
        long firmwareEnd = ramBase;
        if (!bios.equals("none")) {
            String name;
            Path path;
            if (bios.equals("default")) {
                path = defaultFirmware();
                name = path.toString();
            } else {
                name = bios;
                path = machine.resolve(bios);
            }
            byte[] data = ImageFiles.read(path, "firmware", name);
            firmware = loadFirmware(data, name);
            firmwareEnd = firmware.high();
        }
        if (kernelData != null) {
            kernel = loadKernel(kernelData, kernelName, firmwareEnd);
        }
        if (!config.initrd().isEmpty()) {
            String name = config.initrd();
            byte[] data = ImageFiles.read(machine.resolve(name), "initrd", name);
            long start = (kernel.entry() + Math.min(ramSize / 2, 128 * Sizes.MiB) + 0xFFF) & ~0xFFFL;
            roms.add("initrd '" + name + "'", start, data);
            initrdStart = start;
            initrdEnd = start + data.length;
        }
        startAddress = firmware != null ? firmware.entry() : kernel != null ? kernel.entry() : ramBase;
    }

    /** The {@code -bios default} file: OpenSBI's generic {@code fw_dynamic.bin}. */
    protected Path defaultFirmware() {
        String override = System.getProperty(DEFAULT_FIRMWARE_PROPERTY);
        if (override != null && !override.isEmpty()) {
            return Path.of(override);
        }
        for (String p : DEFAULT_FIRMWARE_PATHS) {
            Path path = Path.of(p);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new BoardException("the default firmware (OpenSBI generic fw_dynamic.bin) is not installed; install the opensbi package, "
                        + "or use -bios FILE, or -bios none with an ELF -kernel");
    }

    private LoadedImage loadFirmware(byte[] data, String name) {
        String label = "firmware '" + name + "'";
        if (data.length == 0) {
            throw new BoardException(label + " is empty");
        }
        if (ElfImage.isElf(data)) {
            LoadedImage img = ElfLoader.load(ElfImage.parse(name, data), roms, label);
            symbols.putAll(img.symbols());
            return img;
        }
        roms.add(label, ramBase, data);
        return new LoadedImage(ramBase, ramBase, ramBase + data.length, Map.of());
    }

    private LoadedImage loadKernel(byte[] data, String name, long firmwareEnd) {
        String label = "kernel '" + name + "'";
        if (data.length == 0) {
            throw new BoardException(label + " is empty");
        }
        if (ElfImage.isElf(data)) {
            kernelIsElf = true;
            LoadedImage img = ElfLoader.load(ElfImage.parse(name, data), roms, label);
            symbols.putAll(img.symbols());
            return img;
        }
        if (data.length >= 4 && (data[0] & 0xFF) == 0x27 && (data[1] & 0xFF) == 0x05 && (data[2] & 0xFF) == 0x19 && (data[3] & 0xFF) == 0x56) {
            throw new BoardException(label + " is a U-Boot uImage, which is not supported (use the Image or an ELF vmlinux)");
        }
        long start = (firmwareEnd + KERNEL_ALIGNMENT - 1) & -KERNEL_ALIGNMENT;
        Optional<LinuxImage> header = LinuxImage.parse(data);
        long memSize = header.map(h -> h.memorySize(data.length)).orElse((long) data.length);
        roms.add(label, start, data, 0, data.length, memSize);
        return new LoadedImage(start, start, start + memSize, Map.of());
    }

    /** Creates the board's built-in devices (after the images are known: spike needs their symbols). */
    protected abstract void createDevices();

    /**
     * Attaches drives of interfaces the board handles itself (QEMU's {@code if=virtio} on virt).
     * Called after {@code -device}.
     */
    protected void attachDrives() {
    }

    private void checkDrives() {
        for (Drive d : machine.drives().all()) {
            if (d.claimedBy() == null && !d.interfaceType().equals("none")) {
                throw new BoardException("-drive if=" + d.interfaceType() + " (" + d.id() + "): machine type '" + type.name()
                                + "' cannot attach " + d.interfaceType() + " drives yet; use if=none,id=ID and -device");
            }
        }
    }

    private void placeDeviceTree() {
        Fdt fdt;
        if (!config.dtb().isEmpty()) {
            String name = config.dtb();
            byte[] data = ImageFiles.read(machine.resolve(name), "device tree", name);
            try {
                fdt = Fdt.parse(data);
            } catch (IllegalArgumentException e) {
                throw new BoardException("-dtb '" + name + "': " + e.getMessage());
            }
        } else {
            fdt = buildDeviceTree();
        }
        FdtNode chosen = fdt.nodeOrCreate("/chosen");
        if (!config.append().isEmpty()) {
            chosen.setString("bootargs", config.append());
        }
        if (initrdStart >= 0) {
            chosen.setU64("linux,initrd-start", initrdStart);
            chosen.setU64("linux,initrd-end", initrdEnd);
        }
        dtb = fdt.toDtb();
        long ramEnd = ramBase + ramSize;
        long threeGiB = 3 * Sizes.GiB;
        long top = Long.compareUnsigned(ramBase, threeGiB) < 0 ? Math.min(ramEnd, threeGiB) : ramEnd;
        long address = (top - dtb.length) & -FDT_ALIGNMENT;
        if (Long.compareUnsigned(address, ramBase) < 0) {
            throw new BoardException("RAM (" + Sizes.format(ramSize) + ") is too small for the device tree; use a larger -m");
        }
        fdtAddress = address;
        roms.add("device tree", fdtAddress, dtb);
    }

    /** The generated device tree: root, chosen, memory, cpus, soc, then every device's nodes. */
    protected Fdt buildDeviceTree() {
        Fdt fdt = new Fdt();
        FdtNode root = fdt.root();
        root.setCells("#address-cells", 2);
        root.setCells("#size-cells", 2);
        root.setString("compatible", compatible());
        root.setString("model", model());

        FdtNode chosen = root.addChild("chosen");
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        chosen.setBytes("rng-seed", seed);

        FdtNode memory = root.addChild(FdtContext.unitName("memory", ramBase));
        memory.setString("device_type", "memory");
        memory.setReg(ramBase, ramSize);

        FdtNode cpus = root.addChild("cpus");
        cpus.setCells("#address-cells", 1);
        cpus.setCells("#size-cells", 0);
        cpus.setCells("timebase-frequency", (int) machine.clock().frequency());
        FdtNode soc = root.addChild("soc");
        FdtContext ctx = new FdtContext(fdt, soc);
        List<FdtNode> cpuNodes = new ArrayList<>();
        for (int i = 0; i < hartCount; i++) {
            FdtNode cpu = cpus.addChild(FdtContext.unitName("cpu", i));
            fdt.phandle(cpu);
            cpu.setString("device_type", "cpu");
            cpu.setCells("reg", i);
            cpu.setString("status", "okay");
            cpu.setString("compatible", "riscv");
            cpu.setString("riscv,isa", ISA_STRING);
            cpu.setString("mmu-type", MMU_TYPE);
            FdtNode intc = cpu.addChild("interrupt-controller");
            intc.setCells("#address-cells", 0);
            intc.setCells("#interrupt-cells", 1);
            intc.setEmpty("interrupt-controller");
            intc.setString("compatible", "riscv,cpu-intc");
            ctx.assignPhandle(hartInterrupts[i], intc);
            cpuNodes.add(cpu);
        }
        FdtNode cluster = cpus.addChild("cpu-map").addChild("cluster0");
        for (int i = 0; i < hartCount; i++) {
            cluster.addChild("core" + i).setCells("cpu", fdt.phandle(cpuNodes.get(i)));
        }

        soc.setCells("#address-cells", 2);
        soc.setCells("#size-cells", 2);
        soc.setString("compatible", "simple-bus");
        soc.setEmpty("ranges");

        machine.devices().buildFdt(ctx);
        finishDeviceTree(ctx, chosen);
        return fdt;
    }

    /** The root {@code compatible} string. */
    protected abstract String compatible();

    /** The root {@code model} string. */
    protected abstract String model();

    /** Board-specific additions once every device has written its nodes ({@code stdout-path}). */
    protected void finishDeviceTree(FdtContext ctx, FdtNode chosen) {
    }

    private void installResetVector() {
        long next = kernel != null ? kernel.entry() : 0;
        FwDynamicInfo info = new FwDynamicInfo(next, FwDynamicInfo.MODE_S, 0, 0);
        roms.add("reset vector", mromEntry.base(), ResetVector.build(startAddress, fdtAddress, info));
    }

    // --- for subclasses ------------------------------------------------------------------------------

    /** The symbols of the ELF images loaded (firmware, then kernel). */
    protected final Map<String, Long> imageSymbols() {
        return Collections.unmodifiableMap(symbols);
    }

    /** Whether the kernel (or program) is an ELF file, and its name; null name if there is none. */
    protected final boolean kernelIsElf() {
        return kernelIsElf;
    }

    protected final String kernelName() {
        return kernelName;
    }

    protected final boolean hasFirmware() {
        return firmware != null;
    }

    /** The back end of {@code -serial} number {@code index}, or null. */
    protected final Chardev serial(int index) {
        return machine.chardevs().serial(index);
    }

    /** Connects a CLINT's outputs to the harts' local interrupt controllers. */
    protected final void wireClint(SysBusDevice clint) {
        for (int i = 0; i < hartCount; i++) {
            clint.irqOutput("msip", i).connect(hartInterrupts[i].input(HartPort.MSIP));
            clint.irqOutput("mtip", i).connect(hartInterrupts[i].input(HartPort.MTIP));
        }
    }

    // --- accessors (tests, dumpdtb, polyglot) ---------------------------------------------------------

    public final Machine machine() {
        return machine;
    }

    public final BoardType boardType() {
        return type;
    }

    public final long ramSize() {
        return ramSize;
    }

    /** Where the harts jump from the reset vector. */
    public final long startAddress() {
        return startAddress;
    }

    public final long fdtAddress() {
        return fdtAddress;
    }

    /** The device-tree blob handed to the guest. */
    public final byte[] dtb() {
        return dtb.clone();
    }

    public final List<RomSet.Rom> images() {
        return roms.roms();
    }

    /** The {@code dumpdtb} machine property, or null. */
    public final String dumpDtbPath() {
        return properties.get(BoardType.DUMPDTB);
    }

    public final HartInterrupts hartInterrupts(int hart) {
        return hartInterrupts[hart];
    }

    // --- Board -------------------------------------------------------------------------------------------

    @Override
    public PhysicalBus bus() {
        return machine.memory();
    }

    @Override
    public int hartCount() {
        return hartCount;
    }

    @Override
    public void connect(HartPort[] harts) {
        for (HartPort h : harts) {
            int id = h.hartId();
            if (id < 0 || id >= hartCount) {
                throw new IllegalArgumentException("hart id " + id + " on a board with " + hartCount + " harts");
            }
            hartInterrupts[id].bind(h);
        }
    }

    @Override
    public HartReset resetState(int hartId) {
        long rom = mromEntry.base();
        return new HartReset(rom, hartId, fdtAddress, rom + ResetVector.FW_DYNAMIC_OFFSET);
    }

    @Override
    public long readTime() {
        return machine.clock().now();
    }

    @Override
    public long timebaseFrequency() {
        return machine.clock().frequency();
    }

    @Override
    public void reset() {
        roms.install();
        machine.reset();
    }

    @Override
    public void close() {
        machine.close();
    }
}
