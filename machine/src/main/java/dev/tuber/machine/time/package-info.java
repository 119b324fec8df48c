/** The platform timer ({@code mtime}, the {@code time} CSR). */
package dev.tuber.machine.time;
