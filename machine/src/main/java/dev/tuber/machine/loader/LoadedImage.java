package dev.tuber.machine.loader;

import java.util.Map;

/**
 * Where an image went.
 *
 * @param entry where execution starts
 * @param low lowest address occupied
 * @param high one past the highest address occupied
 * @param symbols the ELF symbol table (empty for other formats)
 */
public record LoadedImage(long entry, long low, long high, Map<String, Long> symbols) {
}
