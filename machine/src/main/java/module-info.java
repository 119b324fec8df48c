/**
 * Tuber's machine layer: boards ({@code virt}, {@code spike}), the physical address space, RAM,
 * interrupt lines, the device object model (types, properties, lifecycle, buses), device trees,
 * loaders, and the character and block back ends. Device front ends live in {@code
 * dev.tuber.devices} and are found through {@link dev.tuber.machine.qdev.DeviceCatalog}.
 *
 * <p>Guest RAM is mapped with {@code mmap} through the foreign-function API: run with {@code
 * --enable-native-access=dev.tuber.machine} (without it the JDK warns, and memory is allocated
 * eagerly if native access is denied).
 */
module dev.tuber.machine {
    requires transitive dev.tuber.isa;

    exports dev.tuber.machine;
    exports dev.tuber.machine.block;
    exports dev.tuber.machine.board;
    exports dev.tuber.machine.chardev;
    exports dev.tuber.machine.fdt;
    exports dev.tuber.machine.irq;
    exports dev.tuber.machine.loader;
    exports dev.tuber.machine.memory;
    exports dev.tuber.machine.options;
    exports dev.tuber.machine.qdev;
    exports dev.tuber.machine.time;

    uses dev.tuber.machine.qdev.DeviceCatalog;

    provides dev.tuber.isa.spi.BoardProvider with dev.tuber.machine.board.TuberBoardProvider;
}
