package dev.tuber.machine.board;

import java.util.List;
import java.util.function.BiFunction;

import dev.tuber.isa.spi.BoardConfig;
import dev.tuber.isa.spi.MachineHost;
import dev.tuber.machine.qdev.Property;
import dev.tuber.machine.qdev.PropertySet;

/**
 * A kind of board ({@code -M NAME}): name, one-line description for {@code -M help}, the property
 * table of {@code -M NAME,prop=value} (shown by {@code -M NAME,help}), and the constructor.
 *
 * @param factory builds an unbuilt board; the provider calls {@link RiscvBoard#build()}
 */
public record BoardType(String name, String description, List<Property<?>> properties,
                BiFunction<BoardConfig, MachineHost, RiscvBoard> factory) {

    /** Common machine properties. */
    public static final Property<String> DUMPDTB = Property.string("dumpdtb", null, "Dump current dtb to a file and quit");

    /** The owner name in property messages, as QEMU names machine types ({@code virt-machine}). */
    public String propertyOwner() {
        return name + "-machine";
    }

    /** {@code -M NAME,help}. */
    public String help() {
        return PropertySet.help(propertyOwner(), properties);
    }
}
